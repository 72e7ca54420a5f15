# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_stytch_m2m_global_optspecs
    string join \n project-id= profile= secret-stdin base-url= ca-cert= timeout= keyring-timeout= json q/quiet h/help V/version
end

function __fish_stytch_m2m_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_stytch_m2m_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_stytch_m2m_using_subcommand
    set -l cmd (__fish_stytch_m2m_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c stytch-m2m -n "__fish_stytch_m2m_needs_command" -l project-id -d 'Stytch project id (project-test-… or project-live-…)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_needs_command" -l profile -d 'Use this profile of config.toml (made by `auth login`) instead of the default one' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_needs_command" -l base-url -d 'Stytch API base URL [default: https://api.stytch.com for live projects, https://test.stytch.com otherwise]' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_needs_command" -l ca-cert -d 'Also trust this CA certificate (PEM), e.g. a TLS-inspecting proxy\'s' -r -F
complete -c stytch-m2m -n "__fish_stytch_m2m_needs_command" -l timeout -d 'Seconds to wait for each request to Stytch' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_needs_command" -l keyring-timeout -d 'Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_needs_command" -l secret-stdin -d 'Read the project secret from the first line of stdin instead of STYTCH_SECRET'
complete -c stytch-m2m -n "__fish_stytch_m2m_needs_command" -l json -d 'Print one JSON object: the result on stdout, or the error on stderr'
complete -c stytch-m2m -n "__fish_stytch_m2m_needs_command" -s q -l quiet -d 'Print no progress or summary lines on stderr (errors and warnings still print)'
complete -c stytch-m2m -n "__fish_stytch_m2m_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c stytch-m2m -n "__fish_stytch_m2m_needs_command" -s V -l version -d 'Print version'
complete -c stytch-m2m -n "__fish_stytch_m2m_needs_command" -f -a "rotate" -d 'Start, complete, cancel or inspect a client secret rotation'
complete -c stytch-m2m -n "__fish_stytch_m2m_needs_command" -f -a "secret" -d 'Read, delete or verify a client secret (verify: does it still get a token?)'
complete -c stytch-m2m -n "__fish_stytch_m2m_needs_command" -f -a "token" -d 'Print an access token for a client, got with its stored secret (never the secret itself)'
complete -c stytch-m2m -n "__fish_stytch_m2m_needs_command" -f -a "auth" -d 'Keep the project secret in the OS keyring, under named profiles (login, status, logout, switch)'
complete -c stytch-m2m -n "__fish_stytch_m2m_needs_command" -f -a "clients" -d 'List the project\'s M2M clients and their rotation state; create or delete one'
complete -c stytch-m2m -n "__fish_stytch_m2m_needs_command" -f -a "completions" -d 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
complete -c stytch-m2m -n "__fish_stytch_m2m_needs_command" -f -a "history" -d 'Show what this machine\'s journal recorded: who rotated which client, when, and how it ended'
complete -c stytch-m2m -n "__fish_stytch_m2m_needs_command" -f -a "doctor" -d 'Check credentials, the connection to Stytch and the keyring, with a fix for each problem'
complete -c stytch-m2m -n "__fish_stytch_m2m_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and not __fish_seen_subcommand_from start complete cancel run status help" -l project-id -d 'Stytch project id (project-test-… or project-live-…)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and not __fish_seen_subcommand_from start complete cancel run status help" -l profile -d 'Use this profile of config.toml (made by `auth login`) instead of the default one' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and not __fish_seen_subcommand_from start complete cancel run status help" -l base-url -d 'Stytch API base URL [default: https://api.stytch.com for live projects, https://test.stytch.com otherwise]' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and not __fish_seen_subcommand_from start complete cancel run status help" -l ca-cert -d 'Also trust this CA certificate (PEM), e.g. a TLS-inspecting proxy\'s' -r -F
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and not __fish_seen_subcommand_from start complete cancel run status help" -l timeout -d 'Seconds to wait for each request to Stytch' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and not __fish_seen_subcommand_from start complete cancel run status help" -l keyring-timeout -d 'Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and not __fish_seen_subcommand_from start complete cancel run status help" -l secret-stdin -d 'Read the project secret from the first line of stdin instead of STYTCH_SECRET'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and not __fish_seen_subcommand_from start complete cancel run status help" -l json -d 'Print one JSON object: the result on stdout, or the error on stderr'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and not __fish_seen_subcommand_from start complete cancel run status help" -s q -l quiet -d 'Print no progress or summary lines on stderr (errors and warnings still print)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and not __fish_seen_subcommand_from start complete cancel run status help" -s h -l help -d 'Print help'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and not __fish_seen_subcommand_from start complete cancel run status help" -s V -l version -d 'Print version'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and not __fish_seen_subcommand_from start complete cancel run status help" -f -a "start" -d 'Mint the next secret; old and new both work until `complete` or `cancel`'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and not __fish_seen_subcommand_from start complete cancel run status help" -f -a "complete" -d 'Prove the next secret gets a token, then make it the only secret; the old one stops working'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and not __fish_seen_subcommand_from start complete cancel run status help" -f -a "cancel" -d 'Discard the next secret; the current one keeps working'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and not __fish_seen_subcommand_from start complete cancel run status help" -f -a "run" -d 'A whole rotation: start, store, verify, deploy, check, soak, complete; resumable'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and not __fish_seen_subcommand_from start complete cancel run status help" -f -a "status" -d 'Show whether a rotation is pending, the last four of each secret, and the next step'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and not __fish_seen_subcommand_from start complete cancel run status help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from start" -l client-id -d 'The M2M client\'s id (m2m-client-test-… or m2m-client-live-…); repeat for several' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from start" -l clients-from -d 'Client ids from this file, one a line (# comments and blank lines ignored; - for stdin)' -r -F
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from start" -l name -d 'Clients with this exact name (repeatable: any of them)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from start" -l scope -d 'Clients that have this scope (repeatable: any of them)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from start" -l older-than -d 'Only clients whose recorded last rotation (--record) is older than AGE (90d, 12h, 30m, 45s), and clients never recorded (their age is unknown); alone: every such client' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from start" -l expect-secret-last-four -d 'Refuse (exit 5, nothing sent) unless the current secret ends in these four characters' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from start" -l lock-timeout -d 'Seconds to wait while another stytch-m2m process works on the same client' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from start" -l lease -d 'With --record: seconds this run holds the client against other machines (renewed at each step)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from start" -l secret-file -d 'Write the new secret to this new file (mode 0600; never overwrites) instead of printing it' -r -F
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from start" -l secret-dir -d 'Write each new secret to a new file (0600) in DIR, named by the client id' -r -F
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from start" -l jobs -d 'Requests in flight at once, 1 to 16 [default: 4]' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from start" -l project-id -d 'Stytch project id (project-test-… or project-live-…)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from start" -l profile -d 'Use this profile of config.toml (made by `auth login`) instead of the default one' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from start" -l base-url -d 'Stytch API base URL [default: https://api.stytch.com for live projects, https://test.stytch.com otherwise]' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from start" -l ca-cert -d 'Also trust this CA certificate (PEM), e.g. a TLS-inspecting proxy\'s' -r -F
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from start" -l timeout -d 'Seconds to wait for each request to Stytch' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from start" -l keyring-timeout -d 'Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from start" -l all -d 'Every client of the project'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from start" -l pending -d 'Only clients with a rotation pending (alone: every such client of the project)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from start" -l no-journal -d 'Keep no journal; the per-client lock is still taken (also STYTCH_M2M_NO_JOURNAL=1)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from start" -l record -d 'Keep the rotation\'s state on the client itself (trusted_metadata.stytch_m2m), for other machines: a lease, resume from a new runner, when it was last rotated (also STYTCH_M2M_RECORD=1)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from start" -l no-record -d 'Do not read or write the record, whatever STYTCH_M2M_RECORD says'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from start" -l replace-record -d 'With --record: overwrite a record this version does not trust (a newer version\'s, or not one)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from start" -l keyring -d 'Store the new secret in the OS keyring instead of printing it'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from start" -l dry-run -d 'Send nothing but reads; say for each client what would be done'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from start" -l fail-fast -d 'Stop starting new clients after the first failure'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from start" -l secret-stdin -d 'Read the project secret from the first line of stdin instead of STYTCH_SECRET'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from start" -l json -d 'Print one JSON object: the result on stdout, or the error on stderr'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from start" -s q -l quiet -d 'Print no progress or summary lines on stderr (errors and warnings still print)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from start" -s h -l help -d 'Print help'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from start" -s V -l version -d 'Print version'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from complete" -l client-id -d 'The M2M client\'s id (m2m-client-test-… or m2m-client-live-…); repeat for several' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from complete" -l clients-from -d 'Client ids from this file, one a line (# comments and blank lines ignored; - for stdin)' -r -F
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from complete" -l name -d 'Clients with this exact name (repeatable: any of them)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from complete" -l scope -d 'Clients that have this scope (repeatable: any of them)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from complete" -l older-than -d 'Only clients whose recorded last rotation (--record) is older than AGE (90d, 12h, 30m, 45s), and clients never recorded (their age is unknown); alone: every such client' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from complete" -l expect-next-last-four -d 'Refuse (exit 5, nothing sent) unless the pending secret ends in these four characters' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from complete" -l lock-timeout -d 'Seconds to wait while another stytch-m2m process works on the same client' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from complete" -l lease -d 'With --record: seconds this run holds the client against other machines (renewed at each step)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from complete" -l next-secret-file -d 'Read the pending secret to verify from this file (as `rotate start --secret-file` wrote it)' -r -F
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from complete" -l secret-dir -d 'Read each pending secret from DIR (as `rotate start --secret-dir` wrote it)' -r -F
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from complete" -l jobs -d 'Requests in flight at once, 1 to 16 [default: 4]' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from complete" -l project-id -d 'Stytch project id (project-test-… or project-live-…)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from complete" -l profile -d 'Use this profile of config.toml (made by `auth login`) instead of the default one' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from complete" -l base-url -d 'Stytch API base URL [default: https://api.stytch.com for live projects, https://test.stytch.com otherwise]' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from complete" -l ca-cert -d 'Also trust this CA certificate (PEM), e.g. a TLS-inspecting proxy\'s' -r -F
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from complete" -l timeout -d 'Seconds to wait for each request to Stytch' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from complete" -l keyring-timeout -d 'Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from complete" -l all -d 'Every client of the project'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from complete" -l pending -d 'Only clients with a rotation pending (alone: every such client of the project)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from complete" -s y -l yes -d 'Do not ask for confirmation (required without a terminal)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from complete" -l no-journal -d 'Keep no journal; the per-client lock is still taken (also STYTCH_M2M_NO_JOURNAL=1)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from complete" -l record -d 'Keep the rotation\'s state on the client itself (trusted_metadata.stytch_m2m), for other machines: a lease, resume from a new runner, when it was last rotated (also STYTCH_M2M_RECORD=1)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from complete" -l no-record -d 'Do not read or write the record, whatever STYTCH_M2M_RECORD says'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from complete" -l replace-record -d 'With --record: overwrite a record this version does not trust (a newer version\'s, or not one)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from complete" -l next-secret-stdin -d 'Read the pending secret to verify from stdin instead of the keyring (hidden at a terminal)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from complete" -l skip-verify -d 'Complete without proving that the pending secret gets a token (not recommended)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from complete" -l dry-run -d 'Send nothing but reads; say for each client what would be done'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from complete" -l fail-fast -d 'Stop starting new clients after the first failure'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from complete" -l secret-stdin -d 'Read the project secret from the first line of stdin instead of STYTCH_SECRET'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from complete" -l json -d 'Print one JSON object: the result on stdout, or the error on stderr'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from complete" -s q -l quiet -d 'Print no progress or summary lines on stderr (errors and warnings still print)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from complete" -s h -l help -d 'Print help'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from complete" -s V -l version -d 'Print version'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from cancel" -l client-id -d 'The M2M client\'s id (m2m-client-test-… or m2m-client-live-…); repeat for several' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from cancel" -l clients-from -d 'Client ids from this file, one a line (# comments and blank lines ignored; - for stdin)' -r -F
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from cancel" -l name -d 'Clients with this exact name (repeatable: any of them)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from cancel" -l scope -d 'Clients that have this scope (repeatable: any of them)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from cancel" -l older-than -d 'Only clients whose recorded last rotation (--record) is older than AGE (90d, 12h, 30m, 45s), and clients never recorded (their age is unknown); alone: every such client' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from cancel" -l expect-next-last-four -d 'Refuse (exit 5, nothing sent) unless the pending secret ends in these four characters' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from cancel" -l lock-timeout -d 'Seconds to wait while another stytch-m2m process works on the same client' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from cancel" -l lease -d 'With --record: seconds this run holds the client against other machines (renewed at each step)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from cancel" -l jobs -d 'Requests in flight at once, 1 to 16 [default: 4]' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from cancel" -l project-id -d 'Stytch project id (project-test-… or project-live-…)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from cancel" -l profile -d 'Use this profile of config.toml (made by `auth login`) instead of the default one' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from cancel" -l base-url -d 'Stytch API base URL [default: https://api.stytch.com for live projects, https://test.stytch.com otherwise]' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from cancel" -l ca-cert -d 'Also trust this CA certificate (PEM), e.g. a TLS-inspecting proxy\'s' -r -F
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from cancel" -l timeout -d 'Seconds to wait for each request to Stytch' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from cancel" -l keyring-timeout -d 'Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from cancel" -l all -d 'Every client of the project'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from cancel" -l pending -d 'Only clients with a rotation pending (alone: every such client of the project)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from cancel" -s y -l yes -d 'Do not ask for confirmation (required without a terminal)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from cancel" -l no-journal -d 'Keep no journal; the per-client lock is still taken (also STYTCH_M2M_NO_JOURNAL=1)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from cancel" -l record -d 'Keep the rotation\'s state on the client itself (trusted_metadata.stytch_m2m), for other machines: a lease, resume from a new runner, when it was last rotated (also STYTCH_M2M_RECORD=1)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from cancel" -l no-record -d 'Do not read or write the record, whatever STYTCH_M2M_RECORD says'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from cancel" -l replace-record -d 'With --record: overwrite a record this version does not trust (a newer version\'s, or not one)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from cancel" -l even-if-deployed -d 'Cancel even though this machine\'s journal shows that a deploy of the pending secret began (its consumers may already use it)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from cancel" -l dry-run -d 'Send nothing but reads; say for each client what would be done'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from cancel" -l fail-fast -d 'Stop starting new clients after the first failure'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from cancel" -l secret-stdin -d 'Read the project secret from the first line of stdin instead of STYTCH_SECRET'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from cancel" -l json -d 'Print one JSON object: the result on stdout, or the error on stderr'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from cancel" -s q -l quiet -d 'Print no progress or summary lines on stderr (errors and warnings still print)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from cancel" -s h -l help -d 'Print help'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from cancel" -s V -l version -d 'Print version'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from run" -l client-id -d 'The M2M client\'s id (m2m-client-test-… or m2m-client-live-…); repeat for several' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from run" -l clients-from -d 'Client ids from this file, one a line (# comments and blank lines ignored; - for stdin)' -r -F
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from run" -l name -d 'Clients with this exact name (repeatable: any of them)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from run" -l scope -d 'Clients that have this scope (repeatable: any of them)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from run" -l older-than -d 'Only clients whose recorded last rotation (--record) is older than AGE (90d, 12h, 30m, 45s), and clients never recorded (their age is unknown); alone: every such client' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from run" -l deploy -d 'Command that hands the new secret to its consumers (sh -c; the secret on its stdin)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from run" -l secret-env -d 'Give the deploy command the secret in this environment variable instead of stdin' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from run" -l secret-file -d 'Keep the new secret in this new file (mode 0600) while the rotation runs' -r -F
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from run" -l secret-dir -d 'Keep each new secret in a new file (0600) in DIR, named by the client id' -r -F
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from run" -l check -d 'Command that exits 0 once the consumers use the new secret (retried every 2 s)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from run" -l verify-timeout -d 'Seconds to keep retrying verification (and the check) before giving up' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from run" -l soak -d 'Seconds to wait with both secrets valid before completing' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from run" -l on-deploy-failure -d 'When the deploy or check fails, or a signal stops the run once the deploy started [default: keep]' -r -f -a "keep\t'Leave the rotation pending (both secrets work) for `--resume`'
cancel\t'Cancel the rotation (the new secret is discarded)'"
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from run" -l next-secret-from -d 'With --resume: a command (sh -c) whose stdout is the pending secret, e.g. `vault kv get -field=client_secret secret/stytch`, when only the deploy target holds it' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from run" -l lock-timeout -d 'Seconds to wait while another stytch-m2m process works on the same client' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from run" -l lease -d 'With --record: seconds this run holds the client against other machines (renewed at each step)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from run" -l jobs -d 'Requests in flight at once, 1 to 16 [default: 4]' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from run" -l project-id -d 'Stytch project id (project-test-… or project-live-…)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from run" -l profile -d 'Use this profile of config.toml (made by `auth login`) instead of the default one' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from run" -l base-url -d 'Stytch API base URL [default: https://api.stytch.com for live projects, https://test.stytch.com otherwise]' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from run" -l ca-cert -d 'Also trust this CA certificate (PEM), e.g. a TLS-inspecting proxy\'s' -r -F
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from run" -l timeout -d 'Seconds to wait for each request to Stytch' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from run" -l keyring-timeout -d 'Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from run" -l all -d 'Every client of the project'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from run" -l pending -d 'Only clients with a rotation pending (alone: every such client of the project)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from run" -l keyring -d 'Keep the new secret in the OS keyring while the rotation runs'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from run" -l keep-secret-file -d 'Keep the custody file (--secret-file, --secret-dir) once the rotation completed; by default it is removed then, as the deploy target holds the live secret'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from run" -l resume -d 'Continue a run that stopped (a failed deploy, a dead runner) from where it got to'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from run" -l next-secret-stdin -d 'With --resume: the pending secret on stdin, when only the deploy target holds it (a run without --keyring or --secret-file)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from run" -l dry-run -d 'Send nothing but reads; say for each client what would be done'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from run" -s y -l yes -d 'Do not show the plan and ask (required without a terminal)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from run" -l no-journal -d 'Keep no journal; the per-client lock is still taken (also STYTCH_M2M_NO_JOURNAL=1)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from run" -l record -d 'Keep the rotation\'s state on the client itself (trusted_metadata.stytch_m2m), for other machines: a lease, resume from a new runner, when it was last rotated (also STYTCH_M2M_RECORD=1)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from run" -l no-record -d 'Do not read or write the record, whatever STYTCH_M2M_RECORD says'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from run" -l replace-record -d 'With --record: overwrite a record this version does not trust (a newer version\'s, or not one)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from run" -l fail-fast -d 'Stop starting new clients after the first failure'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from run" -l secret-stdin -d 'Read the project secret from the first line of stdin instead of STYTCH_SECRET'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from run" -l json -d 'Print one JSON object: the result on stdout, or the error on stderr'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from run" -s q -l quiet -d 'Print no progress or summary lines on stderr (errors and warnings still print)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from run" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from run" -s V -l version -d 'Print version'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from status" -l client-id -d 'The M2M client\'s id (m2m-client-test-… or m2m-client-live-…); repeat for several' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from status" -l clients-from -d 'Client ids from this file, one a line (# comments and blank lines ignored; - for stdin)' -r -F
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from status" -l name -d 'Clients with this exact name (repeatable: any of them)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from status" -l scope -d 'Clients that have this scope (repeatable: any of them)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from status" -l older-than -d 'Only clients whose recorded last rotation (--record) is older than AGE (90d, 12h, 30m, 45s), and clients never recorded (their age is unknown); alone: every such client' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from status" -l jobs -d 'Requests in flight at once, 1 to 16 [default: 4]' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from status" -l project-id -d 'Stytch project id (project-test-… or project-live-…)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from status" -l profile -d 'Use this profile of config.toml (made by `auth login`) instead of the default one' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from status" -l base-url -d 'Stytch API base URL [default: https://api.stytch.com for live projects, https://test.stytch.com otherwise]' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from status" -l ca-cert -d 'Also trust this CA certificate (PEM), e.g. a TLS-inspecting proxy\'s' -r -F
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from status" -l timeout -d 'Seconds to wait for each request to Stytch' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from status" -l keyring-timeout -d 'Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from status" -l all -d 'Every client of the project'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from status" -l pending -d 'Only clients with a rotation pending (alone: every such client of the project)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from status" -l fail-fast -d 'Stop starting new clients after the first failure'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from status" -l secret-stdin -d 'Read the project secret from the first line of stdin instead of STYTCH_SECRET'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from status" -l json -d 'Print one JSON object: the result on stdout, or the error on stderr'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Print no progress or summary lines on stderr (errors and warnings still print)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from help" -f -a "start" -d 'Mint the next secret; old and new both work until `complete` or `cancel`'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from help" -f -a "complete" -d 'Prove the next secret gets a token, then make it the only secret; the old one stops working'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from help" -f -a "cancel" -d 'Discard the next secret; the current one keeps working'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from help" -f -a "run" -d 'A whole rotation: start, store, verify, deploy, check, soak, complete; resumable'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from help" -f -a "status" -d 'Show whether a rotation is pending, the last four of each secret, and the next step'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand rotate; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand secret; and not __fish_seen_subcommand_from get delete verify help" -l project-id -d 'Stytch project id (project-test-… or project-live-…)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand secret; and not __fish_seen_subcommand_from get delete verify help" -l profile -d 'Use this profile of config.toml (made by `auth login`) instead of the default one' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand secret; and not __fish_seen_subcommand_from get delete verify help" -l base-url -d 'Stytch API base URL [default: https://api.stytch.com for live projects, https://test.stytch.com otherwise]' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand secret; and not __fish_seen_subcommand_from get delete verify help" -l ca-cert -d 'Also trust this CA certificate (PEM), e.g. a TLS-inspecting proxy\'s' -r -F
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand secret; and not __fish_seen_subcommand_from get delete verify help" -l timeout -d 'Seconds to wait for each request to Stytch' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand secret; and not __fish_seen_subcommand_from get delete verify help" -l keyring-timeout -d 'Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand secret; and not __fish_seen_subcommand_from get delete verify help" -l secret-stdin -d 'Read the project secret from the first line of stdin instead of STYTCH_SECRET'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand secret; and not __fish_seen_subcommand_from get delete verify help" -l json -d 'Print one JSON object: the result on stdout, or the error on stderr'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand secret; and not __fish_seen_subcommand_from get delete verify help" -s q -l quiet -d 'Print no progress or summary lines on stderr (errors and warnings still print)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand secret; and not __fish_seen_subcommand_from get delete verify help" -s h -l help -d 'Print help'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand secret; and not __fish_seen_subcommand_from get delete verify help" -s V -l version -d 'Print version'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand secret; and not __fish_seen_subcommand_from get delete verify help" -f -a "get" -d 'Print a stored secret on stdout, for scripts'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand secret; and not __fish_seen_subcommand_from get delete verify help" -f -a "delete" -d 'Delete a stored secret from the keyring'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand secret; and not __fish_seen_subcommand_from get delete verify help" -f -a "verify" -d 'Prove that a client secret gets an access token, without rotating: ok (0) or rejected (9)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand secret; and not __fish_seen_subcommand_from get delete verify help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand secret; and __fish_seen_subcommand_from get" -l client-id -d 'The M2M client\'s id (m2m-client-test-… or m2m-client-live-…)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand secret; and __fish_seen_subcommand_from get" -l project-id -d 'Stytch project id (project-test-… or project-live-…)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand secret; and __fish_seen_subcommand_from get" -l profile -d 'Use this profile of config.toml (made by `auth login`) instead of the default one' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand secret; and __fish_seen_subcommand_from get" -l keyring-timeout -d 'Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand secret; and __fish_seen_subcommand_from get" -l next -d 'The pending (next) secret instead of the current one'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand secret; and __fish_seen_subcommand_from get" -l json -d 'Print one JSON object: the result on stdout, or the error on stderr'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand secret; and __fish_seen_subcommand_from get" -s q -l quiet -d 'Print no progress or summary lines on stderr (errors and warnings still print)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand secret; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand secret; and __fish_seen_subcommand_from get" -s V -l version -d 'Print version'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand secret; and __fish_seen_subcommand_from delete" -l client-id -d 'The M2M client\'s id (m2m-client-test-… or m2m-client-live-…)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand secret; and __fish_seen_subcommand_from delete" -l project-id -d 'Stytch project id (project-test-… or project-live-…)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand secret; and __fish_seen_subcommand_from delete" -l profile -d 'Use this profile of config.toml (made by `auth login`) instead of the default one' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand secret; and __fish_seen_subcommand_from delete" -l keyring-timeout -d 'Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand secret; and __fish_seen_subcommand_from delete" -l next -d 'The pending (next) secret instead of the current one'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand secret; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Do not ask for confirmation (required without a terminal)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand secret; and __fish_seen_subcommand_from delete" -l json -d 'Print one JSON object: the result on stdout, or the error on stderr'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand secret; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Print no progress or summary lines on stderr (errors and warnings still print)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand secret; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand secret; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand secret; and __fish_seen_subcommand_from verify" -l client-id -d 'The M2M client\'s id (m2m-client-test-… or m2m-client-live-…)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand secret; and __fish_seen_subcommand_from verify" -l from-file -d 'Verify the secret in this file instead of the keyring\'s (the whole file, trimmed)' -r -F
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand secret; and __fish_seen_subcommand_from verify" -l project-id -d 'Stytch project id (project-test-… or project-live-…)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand secret; and __fish_seen_subcommand_from verify" -l profile -d 'Use this profile of config.toml (made by `auth login`) instead of the default one' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand secret; and __fish_seen_subcommand_from verify" -l base-url -d 'Stytch API base URL [default: https://api.stytch.com for live projects, https://test.stytch.com otherwise]' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand secret; and __fish_seen_subcommand_from verify" -l ca-cert -d 'Also trust this CA certificate (PEM), e.g. a TLS-inspecting proxy\'s' -r -F
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand secret; and __fish_seen_subcommand_from verify" -l timeout -d 'Seconds to wait for each request to Stytch' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand secret; and __fish_seen_subcommand_from verify" -l keyring-timeout -d 'Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand secret; and __fish_seen_subcommand_from verify" -l next -d 'The pending (next) secret instead of the current one'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand secret; and __fish_seen_subcommand_from verify" -l from-stdin -d 'Verify the secret on the first line of stdin instead of the keyring\'s (hidden at a terminal)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand secret; and __fish_seen_subcommand_from verify" -l json -d 'Print one JSON object: the result on stdout, or the error on stderr'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand secret; and __fish_seen_subcommand_from verify" -s q -l quiet -d 'Print no progress or summary lines on stderr (errors and warnings still print)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand secret; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand secret; and __fish_seen_subcommand_from verify" -s V -l version -d 'Print version'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "get" -d 'Print a stored secret on stdout, for scripts'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete a stored secret from the keyring'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Prove that a client secret gets an access token, without rotating: ok (0) or rejected (9)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand token" -l client-id -d 'The M2M client\'s id (m2m-client-test-… or m2m-client-live-…)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand token" -l from-file -d 'Use the secret in this file instead of the keyring\'s (the whole file, trimmed)' -r -F
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand token" -l scope -d 'Ask for this scope only (repeatable; default: every scope the client has)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand token" -l project-id -d 'Stytch project id (project-test-… or project-live-…)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand token" -l profile -d 'Use this profile of config.toml (made by `auth login`) instead of the default one' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand token" -l base-url -d 'Stytch API base URL [default: https://api.stytch.com for live projects, https://test.stytch.com otherwise]' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand token" -l ca-cert -d 'Also trust this CA certificate (PEM), e.g. a TLS-inspecting proxy\'s' -r -F
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand token" -l timeout -d 'Seconds to wait for each request to Stytch' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand token" -l keyring-timeout -d 'Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand token" -l next -d 'The pending (next) secret instead of the current one'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand token" -l from-stdin -d 'Use the secret on the first line of stdin instead of the keyring\'s (hidden at a terminal)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand token" -l secret-stdin -d 'Read the project secret from the first line of stdin instead of STYTCH_SECRET'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand token" -l json -d 'Print one JSON object: the result on stdout, or the error on stderr'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand token" -s q -l quiet -d 'Print no progress or summary lines on stderr (errors and warnings still print)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand token" -s h -l help -d 'Print help'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand token" -s V -l version -d 'Print version'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and not __fish_seen_subcommand_from login status logout switch help" -l project-id -d 'Stytch project id (project-test-… or project-live-…)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and not __fish_seen_subcommand_from login status logout switch help" -l profile -d 'Use this profile of config.toml (made by `auth login`) instead of the default one' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and not __fish_seen_subcommand_from login status logout switch help" -l base-url -d 'Stytch API base URL [default: https://api.stytch.com for live projects, https://test.stytch.com otherwise]' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and not __fish_seen_subcommand_from login status logout switch help" -l ca-cert -d 'Also trust this CA certificate (PEM), e.g. a TLS-inspecting proxy\'s' -r -F
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and not __fish_seen_subcommand_from login status logout switch help" -l timeout -d 'Seconds to wait for each request to Stytch' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and not __fish_seen_subcommand_from login status logout switch help" -l keyring-timeout -d 'Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and not __fish_seen_subcommand_from login status logout switch help" -l secret-stdin -d 'Read the project secret from the first line of stdin instead of STYTCH_SECRET'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and not __fish_seen_subcommand_from login status logout switch help" -l json -d 'Print one JSON object: the result on stdout, or the error on stderr'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and not __fish_seen_subcommand_from login status logout switch help" -s q -l quiet -d 'Print no progress or summary lines on stderr (errors and warnings still print)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and not __fish_seen_subcommand_from login status logout switch help" -s h -l help -d 'Print help'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and not __fish_seen_subcommand_from login status logout switch help" -s V -l version -d 'Print version'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and not __fish_seen_subcommand_from login status logout switch help" -f -a "login" -d 'Prove a project id and secret against Stytch, then keep the secret in the OS keyring'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and not __fish_seen_subcommand_from login status logout switch help" -f -a "status" -d 'Show each profile: project, base URL, where the secret comes from, and whether it works'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and not __fish_seen_subcommand_from login status logout switch help" -f -a "logout" -d 'Remove a profile and its project secret from the keyring'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and not __fish_seen_subcommand_from login status logout switch help" -f -a "switch" -d 'Make a profile the default'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and not __fish_seen_subcommand_from login status logout switch help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and __fish_seen_subcommand_from login" -l project-id -d 'Stytch project id (project-test-… or project-live-…)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and __fish_seen_subcommand_from login" -l profile -d 'Use this profile of config.toml (made by `auth login`) instead of the default one' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and __fish_seen_subcommand_from login" -l base-url -d 'Stytch API base URL [default: https://api.stytch.com for live projects, https://test.stytch.com otherwise]' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and __fish_seen_subcommand_from login" -l ca-cert -d 'Also trust this CA certificate (PEM), e.g. a TLS-inspecting proxy\'s' -r -F
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and __fish_seen_subcommand_from login" -l timeout -d 'Seconds to wait for each request to Stytch' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and __fish_seen_subcommand_from login" -l keyring-timeout -d 'Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and __fish_seen_subcommand_from login" -s y -l yes -d 'Replace an existing profile without asking (required without a terminal)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and __fish_seen_subcommand_from login" -l secret-stdin -d 'Read the project secret from the first line of stdin instead of STYTCH_SECRET'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and __fish_seen_subcommand_from login" -l json -d 'Print one JSON object: the result on stdout, or the error on stderr'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and __fish_seen_subcommand_from login" -s q -l quiet -d 'Print no progress or summary lines on stderr (errors and warnings still print)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and __fish_seen_subcommand_from login" -s h -l help -d 'Print help'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and __fish_seen_subcommand_from login" -s V -l version -d 'Print version'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and __fish_seen_subcommand_from status" -l project-id -d 'Stytch project id (project-test-… or project-live-…)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and __fish_seen_subcommand_from status" -l profile -d 'Use this profile of config.toml (made by `auth login`) instead of the default one' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and __fish_seen_subcommand_from status" -l base-url -d 'Stytch API base URL [default: https://api.stytch.com for live projects, https://test.stytch.com otherwise]' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and __fish_seen_subcommand_from status" -l ca-cert -d 'Also trust this CA certificate (PEM), e.g. a TLS-inspecting proxy\'s' -r -F
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and __fish_seen_subcommand_from status" -l timeout -d 'Seconds to wait for each request to Stytch' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and __fish_seen_subcommand_from status" -l keyring-timeout -d 'Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and __fish_seen_subcommand_from status" -l offline -d 'Send nothing: do not check that the credentials work'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and __fish_seen_subcommand_from status" -l secret-stdin -d 'Read the project secret from the first line of stdin instead of STYTCH_SECRET'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and __fish_seen_subcommand_from status" -l json -d 'Print one JSON object: the result on stdout, or the error on stderr'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Print no progress or summary lines on stderr (errors and warnings still print)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and __fish_seen_subcommand_from logout" -l project-id -d 'Stytch project id (project-test-… or project-live-…)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and __fish_seen_subcommand_from logout" -l profile -d 'Use this profile of config.toml (made by `auth login`) instead of the default one' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and __fish_seen_subcommand_from logout" -l base-url -d 'Stytch API base URL [default: https://api.stytch.com for live projects, https://test.stytch.com otherwise]' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and __fish_seen_subcommand_from logout" -l ca-cert -d 'Also trust this CA certificate (PEM), e.g. a TLS-inspecting proxy\'s' -r -F
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and __fish_seen_subcommand_from logout" -l timeout -d 'Seconds to wait for each request to Stytch' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and __fish_seen_subcommand_from logout" -l keyring-timeout -d 'Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and __fish_seen_subcommand_from logout" -s y -l yes -d 'Do not ask for confirmation (required without a terminal)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and __fish_seen_subcommand_from logout" -l secret-stdin -d 'Read the project secret from the first line of stdin instead of STYTCH_SECRET'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and __fish_seen_subcommand_from logout" -l json -d 'Print one JSON object: the result on stdout, or the error on stderr'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and __fish_seen_subcommand_from logout" -s q -l quiet -d 'Print no progress or summary lines on stderr (errors and warnings still print)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and __fish_seen_subcommand_from logout" -s h -l help -d 'Print help'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and __fish_seen_subcommand_from logout" -s V -l version -d 'Print version'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and __fish_seen_subcommand_from switch" -l project-id -d 'Stytch project id (project-test-… or project-live-…)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and __fish_seen_subcommand_from switch" -l profile -d 'Use this profile of config.toml (made by `auth login`) instead of the default one' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and __fish_seen_subcommand_from switch" -l base-url -d 'Stytch API base URL [default: https://api.stytch.com for live projects, https://test.stytch.com otherwise]' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and __fish_seen_subcommand_from switch" -l ca-cert -d 'Also trust this CA certificate (PEM), e.g. a TLS-inspecting proxy\'s' -r -F
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and __fish_seen_subcommand_from switch" -l timeout -d 'Seconds to wait for each request to Stytch' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and __fish_seen_subcommand_from switch" -l keyring-timeout -d 'Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and __fish_seen_subcommand_from switch" -l secret-stdin -d 'Read the project secret from the first line of stdin instead of STYTCH_SECRET'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and __fish_seen_subcommand_from switch" -l json -d 'Print one JSON object: the result on stdout, or the error on stderr'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and __fish_seen_subcommand_from switch" -s q -l quiet -d 'Print no progress or summary lines on stderr (errors and warnings still print)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and __fish_seen_subcommand_from switch" -s h -l help -d 'Print help'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and __fish_seen_subcommand_from switch" -s V -l version -d 'Print version'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and __fish_seen_subcommand_from help" -f -a "login" -d 'Prove a project id and secret against Stytch, then keep the secret in the OS keyring'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and __fish_seen_subcommand_from help" -f -a "status" -d 'Show each profile: project, base URL, where the secret comes from, and whether it works'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and __fish_seen_subcommand_from help" -f -a "logout" -d 'Remove a profile and its project secret from the keyring'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and __fish_seen_subcommand_from help" -f -a "switch" -d 'Make a profile the default'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand auth; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and not __fish_seen_subcommand_from list create delete help" -l project-id -d 'Stytch project id (project-test-… or project-live-…)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and not __fish_seen_subcommand_from list create delete help" -l profile -d 'Use this profile of config.toml (made by `auth login`) instead of the default one' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and not __fish_seen_subcommand_from list create delete help" -l base-url -d 'Stytch API base URL [default: https://api.stytch.com for live projects, https://test.stytch.com otherwise]' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and not __fish_seen_subcommand_from list create delete help" -l ca-cert -d 'Also trust this CA certificate (PEM), e.g. a TLS-inspecting proxy\'s' -r -F
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and not __fish_seen_subcommand_from list create delete help" -l timeout -d 'Seconds to wait for each request to Stytch' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and not __fish_seen_subcommand_from list create delete help" -l keyring-timeout -d 'Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and not __fish_seen_subcommand_from list create delete help" -l secret-stdin -d 'Read the project secret from the first line of stdin instead of STYTCH_SECRET'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and not __fish_seen_subcommand_from list create delete help" -l json -d 'Print one JSON object: the result on stdout, or the error on stderr'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and not __fish_seen_subcommand_from list create delete help" -s q -l quiet -d 'Print no progress or summary lines on stderr (errors and warnings still print)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and not __fish_seen_subcommand_from list create delete help" -s h -l help -d 'Print help'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and not __fish_seen_subcommand_from list create delete help" -s V -l version -d 'Print version'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and not __fish_seen_subcommand_from list create delete help" -f -a "list" -d 'A table of clients: id, name, status, last four of the secret and of a pending one'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and not __fish_seen_subcommand_from list create delete help" -f -a "create" -d 'Create a client and keep its one-time secret as `rotate start` keeps a new one: in the keyring, a new file, or on stdout; then prove it gets a token'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and not __fish_seen_subcommand_from list create delete help" -f -a "delete" -d 'Delete a client: its secrets stop getting tokens (tokens already issued stay valid until they expire)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and not __fish_seen_subcommand_from list create delete help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and __fish_seen_subcommand_from list" -l client-id -d 'The M2M client\'s id (m2m-client-test-… or m2m-client-live-…); repeat for several' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and __fish_seen_subcommand_from list" -l clients-from -d 'Client ids from this file, one a line (# comments and blank lines ignored; - for stdin)' -r -F
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and __fish_seen_subcommand_from list" -l name -d 'Clients with this exact name (repeatable: any of them)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and __fish_seen_subcommand_from list" -l scope -d 'Clients that have this scope (repeatable: any of them)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and __fish_seen_subcommand_from list" -l older-than -d 'Only clients whose recorded last rotation (--record) is older than AGE (90d, 12h, 30m, 45s), and clients never recorded (their age is unknown); alone: every such client' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and __fish_seen_subcommand_from list" -l project-id -d 'Stytch project id (project-test-… or project-live-…)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and __fish_seen_subcommand_from list" -l profile -d 'Use this profile of config.toml (made by `auth login`) instead of the default one' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and __fish_seen_subcommand_from list" -l base-url -d 'Stytch API base URL [default: https://api.stytch.com for live projects, https://test.stytch.com otherwise]' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and __fish_seen_subcommand_from list" -l ca-cert -d 'Also trust this CA certificate (PEM), e.g. a TLS-inspecting proxy\'s' -r -F
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and __fish_seen_subcommand_from list" -l timeout -d 'Seconds to wait for each request to Stytch' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and __fish_seen_subcommand_from list" -l keyring-timeout -d 'Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and __fish_seen_subcommand_from list" -l all -d 'Every client of the project'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and __fish_seen_subcommand_from list" -l pending -d 'Only clients with a rotation pending (alone: every such client of the project)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and __fish_seen_subcommand_from list" -l secret-stdin -d 'Read the project secret from the first line of stdin instead of STYTCH_SECRET'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and __fish_seen_subcommand_from list" -l json -d 'Print one JSON object: the result on stdout, or the error on stderr'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print no progress or summary lines on stderr (errors and warnings still print)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and __fish_seen_subcommand_from create" -l name -d 'The new client\'s name (client_name)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and __fish_seen_subcommand_from create" -l scope -d 'A scope to give the client (repeatable; at least one)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and __fish_seen_subcommand_from create" -l description -d 'The new client\'s description (client_description)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and __fish_seen_subcommand_from create" -l client-id -d 'Create the client with this id instead of a new one (it must not exist)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and __fish_seen_subcommand_from create" -l secret-file -d 'Write the new client\'s secret to this new file (mode 0600; never overwrites) instead of printing it' -r -F
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and __fish_seen_subcommand_from create" -l secret-dir -d 'Write the new client\'s secret to a new file (0600) in DIR, named by the client id' -r -F
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and __fish_seen_subcommand_from create" -l lock-timeout -d 'Seconds to wait while another stytch-m2m process works on the same client' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and __fish_seen_subcommand_from create" -l project-id -d 'Stytch project id (project-test-… or project-live-…)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and __fish_seen_subcommand_from create" -l profile -d 'Use this profile of config.toml (made by `auth login`) instead of the default one' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and __fish_seen_subcommand_from create" -l base-url -d 'Stytch API base URL [default: https://api.stytch.com for live projects, https://test.stytch.com otherwise]' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and __fish_seen_subcommand_from create" -l ca-cert -d 'Also trust this CA certificate (PEM), e.g. a TLS-inspecting proxy\'s' -r -F
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and __fish_seen_subcommand_from create" -l timeout -d 'Seconds to wait for each request to Stytch' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and __fish_seen_subcommand_from create" -l keyring-timeout -d 'Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and __fish_seen_subcommand_from create" -l keyring -d 'Store the new client\'s secret in the OS keyring instead of printing it'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and __fish_seen_subcommand_from create" -l no-journal -d 'Keep no journal; the per-client lock is still taken (also STYTCH_M2M_NO_JOURNAL=1)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and __fish_seen_subcommand_from create" -l record -d 'Create the client with its rotation record (trusted_metadata.stytch_m2m): idle, its secret made now (also STYTCH_M2M_RECORD=1)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and __fish_seen_subcommand_from create" -l no-record -d 'Create the client without a record, whatever STYTCH_M2M_RECORD or the profile says'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and __fish_seen_subcommand_from create" -l secret-stdin -d 'Read the project secret from the first line of stdin instead of STYTCH_SECRET'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and __fish_seen_subcommand_from create" -l json -d 'Print one JSON object: the result on stdout, or the error on stderr'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Print no progress or summary lines on stderr (errors and warnings still print)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and __fish_seen_subcommand_from delete" -l client-id -d 'The M2M client\'s id (m2m-client-test-… or m2m-client-live-…)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and __fish_seen_subcommand_from delete" -l lock-timeout -d 'Seconds to wait while another stytch-m2m process works on the same client' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and __fish_seen_subcommand_from delete" -l project-id -d 'Stytch project id (project-test-… or project-live-…)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and __fish_seen_subcommand_from delete" -l profile -d 'Use this profile of config.toml (made by `auth login`) instead of the default one' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and __fish_seen_subcommand_from delete" -l base-url -d 'Stytch API base URL [default: https://api.stytch.com for live projects, https://test.stytch.com otherwise]' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and __fish_seen_subcommand_from delete" -l ca-cert -d 'Also trust this CA certificate (PEM), e.g. a TLS-inspecting proxy\'s' -r -F
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and __fish_seen_subcommand_from delete" -l timeout -d 'Seconds to wait for each request to Stytch' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and __fish_seen_subcommand_from delete" -l keyring-timeout -d 'Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Do not ask for confirmation (required without a terminal)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and __fish_seen_subcommand_from delete" -l no-journal -d 'Keep no journal; the per-client lock is still taken (also STYTCH_M2M_NO_JOURNAL=1)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and __fish_seen_subcommand_from delete" -l secret-stdin -d 'Read the project secret from the first line of stdin instead of STYTCH_SECRET'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and __fish_seen_subcommand_from delete" -l json -d 'Print one JSON object: the result on stdout, or the error on stderr'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Print no progress or summary lines on stderr (errors and warnings still print)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and __fish_seen_subcommand_from help" -f -a "list" -d 'A table of clients: id, name, status, last four of the secret and of a pending one'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create a client and keep its one-time secret as `rotate start` keeps a new one: in the keyring, a new file, or on stdout; then prove it gets a token'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete a client: its secrets stop getting tokens (tokens already issued stay valid until they expire)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand clients; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand completions" -s h -l help -d 'Print help'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand completions" -s V -l version -d 'Print version'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand history" -l client-id -d 'Only this client\'s entries' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand history" -l limit -d 'How many of the newest entries to show' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand history" -l project-id -d 'Stytch project id (project-test-… or project-live-…)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand history" -l profile -d 'Use this profile of config.toml (made by `auth login`) instead of the default one' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand history" -l json -d 'Print one JSON object: the result on stdout, or the error on stderr'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand history" -s q -l quiet -d 'Print no progress or summary lines on stderr (errors and warnings still print)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand history" -s h -l help -d 'Print help'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand history" -s V -l version -d 'Print version'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand doctor" -l client-id -d 'Also check that this client exists, show its rotation state, and check that its secret in the keyring (if any) gets a token' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand doctor" -l project-id -d 'Stytch project id (project-test-… or project-live-…)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand doctor" -l profile -d 'Use this profile of config.toml (made by `auth login`) instead of the default one' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand doctor" -l base-url -d 'Stytch API base URL [default: https://api.stytch.com for live projects, https://test.stytch.com otherwise]' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand doctor" -l ca-cert -d 'Also trust this CA certificate (PEM), e.g. a TLS-inspecting proxy\'s' -r -F
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand doctor" -l timeout -d 'Seconds to wait for each request to Stytch' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand doctor" -l keyring-timeout -d 'Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)' -r
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand doctor" -l secret-stdin -d 'Read the project secret from the first line of stdin instead of STYTCH_SECRET'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand doctor" -l json -d 'Print one JSON object: the result on stdout, or the error on stderr'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand doctor" -s q -l quiet -d 'Print no progress or summary lines on stderr (errors and warnings still print)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand doctor" -s h -l help -d 'Print help'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand doctor" -s V -l version -d 'Print version'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand help; and not __fish_seen_subcommand_from rotate secret token auth clients completions history doctor help" -f -a "rotate" -d 'Start, complete, cancel or inspect a client secret rotation'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand help; and not __fish_seen_subcommand_from rotate secret token auth clients completions history doctor help" -f -a "secret" -d 'Read, delete or verify a client secret (verify: does it still get a token?)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand help; and not __fish_seen_subcommand_from rotate secret token auth clients completions history doctor help" -f -a "token" -d 'Print an access token for a client, got with its stored secret (never the secret itself)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand help; and not __fish_seen_subcommand_from rotate secret token auth clients completions history doctor help" -f -a "auth" -d 'Keep the project secret in the OS keyring, under named profiles (login, status, logout, switch)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand help; and not __fish_seen_subcommand_from rotate secret token auth clients completions history doctor help" -f -a "clients" -d 'List the project\'s M2M clients and their rotation state; create or delete one'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand help; and not __fish_seen_subcommand_from rotate secret token auth clients completions history doctor help" -f -a "completions" -d 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand help; and not __fish_seen_subcommand_from rotate secret token auth clients completions history doctor help" -f -a "history" -d 'Show what this machine\'s journal recorded: who rotated which client, when, and how it ended'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand help; and not __fish_seen_subcommand_from rotate secret token auth clients completions history doctor help" -f -a "doctor" -d 'Check credentials, the connection to Stytch and the keyring, with a fix for each problem'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand help; and not __fish_seen_subcommand_from rotate secret token auth clients completions history doctor help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand help; and __fish_seen_subcommand_from rotate" -f -a "start" -d 'Mint the next secret; old and new both work until `complete` or `cancel`'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand help; and __fish_seen_subcommand_from rotate" -f -a "complete" -d 'Prove the next secret gets a token, then make it the only secret; the old one stops working'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand help; and __fish_seen_subcommand_from rotate" -f -a "cancel" -d 'Discard the next secret; the current one keeps working'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand help; and __fish_seen_subcommand_from rotate" -f -a "run" -d 'A whole rotation: start, store, verify, deploy, check, soak, complete; resumable'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand help; and __fish_seen_subcommand_from rotate" -f -a "status" -d 'Show whether a rotation is pending, the last four of each secret, and the next step'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand help; and __fish_seen_subcommand_from secret" -f -a "get" -d 'Print a stored secret on stdout, for scripts'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand help; and __fish_seen_subcommand_from secret" -f -a "delete" -d 'Delete a stored secret from the keyring'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand help; and __fish_seen_subcommand_from secret" -f -a "verify" -d 'Prove that a client secret gets an access token, without rotating: ok (0) or rejected (9)'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand help; and __fish_seen_subcommand_from auth" -f -a "login" -d 'Prove a project id and secret against Stytch, then keep the secret in the OS keyring'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand help; and __fish_seen_subcommand_from auth" -f -a "status" -d 'Show each profile: project, base URL, where the secret comes from, and whether it works'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand help; and __fish_seen_subcommand_from auth" -f -a "logout" -d 'Remove a profile and its project secret from the keyring'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand help; and __fish_seen_subcommand_from auth" -f -a "switch" -d 'Make a profile the default'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand help; and __fish_seen_subcommand_from clients" -f -a "list" -d 'A table of clients: id, name, status, last four of the secret and of a pending one'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand help; and __fish_seen_subcommand_from clients" -f -a "create" -d 'Create a client and keep its one-time secret as `rotate start` keeps a new one: in the keyring, a new file, or on stdout; then prove it gets a token'
complete -c stytch-m2m -n "__fish_stytch_m2m_using_subcommand help; and __fish_seen_subcommand_from clients" -f -a "delete" -d 'Delete a client: its secrets stop getting tokens (tokens already issued stay valid until they expire)'
