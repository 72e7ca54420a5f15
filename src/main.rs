fn main() {
    std::process::exit(stytch_m2m::app::run());
}
