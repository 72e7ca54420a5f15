
use builtin;
use str;

set edit:completion:arg-completer[stytch-m2m] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'stytch-m2m'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'stytch-m2m'= {
            cand --project-id 'Stytch project id (project-test-… or project-live-…)'
            cand --profile 'Use this profile of config.toml (made by `auth login`) instead of the default one'
            cand --base-url 'Stytch API base URL [default: https://api.stytch.com for live projects, https://test.stytch.com otherwise]'
            cand --ca-cert 'Also trust this CA certificate (PEM), e.g. a TLS-inspecting proxy''s'
            cand --timeout 'Seconds to wait for each request to Stytch'
            cand --keyring-timeout 'Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)'
            cand --secret-stdin 'Read the project secret from the first line of stdin instead of STYTCH_SECRET'
            cand --json 'Print one JSON object: the result on stdout, or the error on stderr'
            cand -q 'Print no progress or summary lines on stderr (errors and warnings still print)'
            cand --quiet 'Print no progress or summary lines on stderr (errors and warnings still print)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand rotate 'Start, complete, cancel or inspect a client secret rotation'
            cand secret 'Read, delete or verify a client secret (verify: does it still get a token?)'
            cand token 'Print an access token for a client, got with its stored secret (never the secret itself)'
            cand auth 'Keep the project secret in the OS keyring, under named profiles (login, status, logout, switch)'
            cand clients 'List the project''s M2M clients and their rotation state; create or delete one'
            cand completions 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
            cand history 'Show what this machine''s journal recorded: who rotated which client, when, and how it ended'
            cand doctor 'Check credentials, the connection to Stytch and the keyring, with a fix for each problem'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'stytch-m2m;rotate'= {
            cand --project-id 'Stytch project id (project-test-… or project-live-…)'
            cand --profile 'Use this profile of config.toml (made by `auth login`) instead of the default one'
            cand --base-url 'Stytch API base URL [default: https://api.stytch.com for live projects, https://test.stytch.com otherwise]'
            cand --ca-cert 'Also trust this CA certificate (PEM), e.g. a TLS-inspecting proxy''s'
            cand --timeout 'Seconds to wait for each request to Stytch'
            cand --keyring-timeout 'Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)'
            cand --secret-stdin 'Read the project secret from the first line of stdin instead of STYTCH_SECRET'
            cand --json 'Print one JSON object: the result on stdout, or the error on stderr'
            cand -q 'Print no progress or summary lines on stderr (errors and warnings still print)'
            cand --quiet 'Print no progress or summary lines on stderr (errors and warnings still print)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand start 'Mint the next secret; old and new both work until `complete` or `cancel`'
            cand complete 'Prove the next secret gets a token, then make it the only secret; the old one stops working'
            cand cancel 'Discard the next secret; the current one keeps working'
            cand run 'A whole rotation: start, store, verify, deploy, check, soak, complete; resumable'
            cand status 'Show whether a rotation is pending, the last four of each secret, and the next step'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'stytch-m2m;rotate;start'= {
            cand --client-id 'The M2M client''s id (m2m-client-test-… or m2m-client-live-…); repeat for several'
            cand --clients-from 'Client ids from this file, one a line (# comments and blank lines ignored; - for stdin)'
            cand --name 'Clients with this exact name (repeatable: any of them)'
            cand --scope 'Clients that have this scope (repeatable: any of them)'
            cand --older-than 'Only clients whose recorded last rotation (--record) is older than AGE (90d, 12h, 30m, 45s), and clients never recorded (their age is unknown); alone: every such client'
            cand --expect-secret-last-four 'Refuse (exit 5, nothing sent) unless the current secret ends in these four characters'
            cand --lock-timeout 'Seconds to wait while another stytch-m2m process works on the same client'
            cand --lease 'With --record: seconds this run holds the client against other machines (renewed at each step)'
            cand --secret-file 'Write the new secret to this new file (mode 0600; never overwrites) instead of printing it'
            cand --secret-dir 'Write each new secret to a new file (0600) in DIR, named by the client id'
            cand --jobs 'Requests in flight at once, 1 to 16 [default: 4]'
            cand --project-id 'Stytch project id (project-test-… or project-live-…)'
            cand --profile 'Use this profile of config.toml (made by `auth login`) instead of the default one'
            cand --base-url 'Stytch API base URL [default: https://api.stytch.com for live projects, https://test.stytch.com otherwise]'
            cand --ca-cert 'Also trust this CA certificate (PEM), e.g. a TLS-inspecting proxy''s'
            cand --timeout 'Seconds to wait for each request to Stytch'
            cand --keyring-timeout 'Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)'
            cand --all 'Every client of the project'
            cand --pending 'Only clients with a rotation pending (alone: every such client of the project)'
            cand --no-journal 'Keep no journal; the per-client lock is still taken (also STYTCH_M2M_NO_JOURNAL=1)'
            cand --record 'Keep the rotation''s state on the client itself (trusted_metadata.stytch_m2m), for other machines: a lease, resume from a new runner, when it was last rotated (also STYTCH_M2M_RECORD=1)'
            cand --no-record 'Do not read or write the record, whatever STYTCH_M2M_RECORD says'
            cand --replace-record 'With --record: overwrite a record this version does not trust (a newer version''s, or not one)'
            cand --keyring 'Store the new secret in the OS keyring instead of printing it'
            cand --dry-run 'Send nothing but reads; say for each client what would be done'
            cand --fail-fast 'Stop starting new clients after the first failure'
            cand --secret-stdin 'Read the project secret from the first line of stdin instead of STYTCH_SECRET'
            cand --json 'Print one JSON object: the result on stdout, or the error on stderr'
            cand -q 'Print no progress or summary lines on stderr (errors and warnings still print)'
            cand --quiet 'Print no progress or summary lines on stderr (errors and warnings still print)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'stytch-m2m;rotate;complete'= {
            cand --client-id 'The M2M client''s id (m2m-client-test-… or m2m-client-live-…); repeat for several'
            cand --clients-from 'Client ids from this file, one a line (# comments and blank lines ignored; - for stdin)'
            cand --name 'Clients with this exact name (repeatable: any of them)'
            cand --scope 'Clients that have this scope (repeatable: any of them)'
            cand --older-than 'Only clients whose recorded last rotation (--record) is older than AGE (90d, 12h, 30m, 45s), and clients never recorded (their age is unknown); alone: every such client'
            cand --expect-next-last-four 'Refuse (exit 5, nothing sent) unless the pending secret ends in these four characters'
            cand --lock-timeout 'Seconds to wait while another stytch-m2m process works on the same client'
            cand --lease 'With --record: seconds this run holds the client against other machines (renewed at each step)'
            cand --next-secret-file 'Read the pending secret to verify from this file (as `rotate start --secret-file` wrote it)'
            cand --secret-dir 'Read each pending secret from DIR (as `rotate start --secret-dir` wrote it)'
            cand --jobs 'Requests in flight at once, 1 to 16 [default: 4]'
            cand --project-id 'Stytch project id (project-test-… or project-live-…)'
            cand --profile 'Use this profile of config.toml (made by `auth login`) instead of the default one'
            cand --base-url 'Stytch API base URL [default: https://api.stytch.com for live projects, https://test.stytch.com otherwise]'
            cand --ca-cert 'Also trust this CA certificate (PEM), e.g. a TLS-inspecting proxy''s'
            cand --timeout 'Seconds to wait for each request to Stytch'
            cand --keyring-timeout 'Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)'
            cand --all 'Every client of the project'
            cand --pending 'Only clients with a rotation pending (alone: every such client of the project)'
            cand -y 'Do not ask for confirmation (required without a terminal)'
            cand --yes 'Do not ask for confirmation (required without a terminal)'
            cand --no-journal 'Keep no journal; the per-client lock is still taken (also STYTCH_M2M_NO_JOURNAL=1)'
            cand --record 'Keep the rotation''s state on the client itself (trusted_metadata.stytch_m2m), for other machines: a lease, resume from a new runner, when it was last rotated (also STYTCH_M2M_RECORD=1)'
            cand --no-record 'Do not read or write the record, whatever STYTCH_M2M_RECORD says'
            cand --replace-record 'With --record: overwrite a record this version does not trust (a newer version''s, or not one)'
            cand --next-secret-stdin 'Read the pending secret to verify from stdin instead of the keyring (hidden at a terminal)'
            cand --skip-verify 'Complete without proving that the pending secret gets a token (not recommended)'
            cand --dry-run 'Send nothing but reads; say for each client what would be done'
            cand --fail-fast 'Stop starting new clients after the first failure'
            cand --secret-stdin 'Read the project secret from the first line of stdin instead of STYTCH_SECRET'
            cand --json 'Print one JSON object: the result on stdout, or the error on stderr'
            cand -q 'Print no progress or summary lines on stderr (errors and warnings still print)'
            cand --quiet 'Print no progress or summary lines on stderr (errors and warnings still print)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'stytch-m2m;rotate;cancel'= {
            cand --client-id 'The M2M client''s id (m2m-client-test-… or m2m-client-live-…); repeat for several'
            cand --clients-from 'Client ids from this file, one a line (# comments and blank lines ignored; - for stdin)'
            cand --name 'Clients with this exact name (repeatable: any of them)'
            cand --scope 'Clients that have this scope (repeatable: any of them)'
            cand --older-than 'Only clients whose recorded last rotation (--record) is older than AGE (90d, 12h, 30m, 45s), and clients never recorded (their age is unknown); alone: every such client'
            cand --expect-next-last-four 'Refuse (exit 5, nothing sent) unless the pending secret ends in these four characters'
            cand --lock-timeout 'Seconds to wait while another stytch-m2m process works on the same client'
            cand --lease 'With --record: seconds this run holds the client against other machines (renewed at each step)'
            cand --jobs 'Requests in flight at once, 1 to 16 [default: 4]'
            cand --project-id 'Stytch project id (project-test-… or project-live-…)'
            cand --profile 'Use this profile of config.toml (made by `auth login`) instead of the default one'
            cand --base-url 'Stytch API base URL [default: https://api.stytch.com for live projects, https://test.stytch.com otherwise]'
            cand --ca-cert 'Also trust this CA certificate (PEM), e.g. a TLS-inspecting proxy''s'
            cand --timeout 'Seconds to wait for each request to Stytch'
            cand --keyring-timeout 'Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)'
            cand --all 'Every client of the project'
            cand --pending 'Only clients with a rotation pending (alone: every such client of the project)'
            cand -y 'Do not ask for confirmation (required without a terminal)'
            cand --yes 'Do not ask for confirmation (required without a terminal)'
            cand --no-journal 'Keep no journal; the per-client lock is still taken (also STYTCH_M2M_NO_JOURNAL=1)'
            cand --record 'Keep the rotation''s state on the client itself (trusted_metadata.stytch_m2m), for other machines: a lease, resume from a new runner, when it was last rotated (also STYTCH_M2M_RECORD=1)'
            cand --no-record 'Do not read or write the record, whatever STYTCH_M2M_RECORD says'
            cand --replace-record 'With --record: overwrite a record this version does not trust (a newer version''s, or not one)'
            cand --even-if-deployed 'Cancel even though this machine''s journal shows that a deploy of the pending secret began (its consumers may already use it)'
            cand --dry-run 'Send nothing but reads; say for each client what would be done'
            cand --fail-fast 'Stop starting new clients after the first failure'
            cand --secret-stdin 'Read the project secret from the first line of stdin instead of STYTCH_SECRET'
            cand --json 'Print one JSON object: the result on stdout, or the error on stderr'
            cand -q 'Print no progress or summary lines on stderr (errors and warnings still print)'
            cand --quiet 'Print no progress or summary lines on stderr (errors and warnings still print)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'stytch-m2m;rotate;run'= {
            cand --client-id 'The M2M client''s id (m2m-client-test-… or m2m-client-live-…); repeat for several'
            cand --clients-from 'Client ids from this file, one a line (# comments and blank lines ignored; - for stdin)'
            cand --name 'Clients with this exact name (repeatable: any of them)'
            cand --scope 'Clients that have this scope (repeatable: any of them)'
            cand --older-than 'Only clients whose recorded last rotation (--record) is older than AGE (90d, 12h, 30m, 45s), and clients never recorded (their age is unknown); alone: every such client'
            cand --deploy 'Command that hands the new secret to its consumers (sh -c; the secret on its stdin)'
            cand --secret-env 'Give the deploy command the secret in this environment variable instead of stdin'
            cand --secret-file 'Keep the new secret in this new file (mode 0600) while the rotation runs'
            cand --secret-dir 'Keep each new secret in a new file (0600) in DIR, named by the client id'
            cand --check 'Command that exits 0 once the consumers use the new secret (retried every 2 s)'
            cand --verify-timeout 'Seconds to keep retrying verification (and the check) before giving up'
            cand --soak 'Seconds to wait with both secrets valid before completing'
            cand --on-deploy-failure 'When the deploy or check fails, or a signal stops the run once the deploy started [default: keep]'
            cand --next-secret-from 'With --resume: a command (sh -c) whose stdout is the pending secret, e.g. `vault kv get -field=client_secret secret/stytch`, when only the deploy target holds it'
            cand --lock-timeout 'Seconds to wait while another stytch-m2m process works on the same client'
            cand --lease 'With --record: seconds this run holds the client against other machines (renewed at each step)'
            cand --jobs 'Requests in flight at once, 1 to 16 [default: 4]'
            cand --project-id 'Stytch project id (project-test-… or project-live-…)'
            cand --profile 'Use this profile of config.toml (made by `auth login`) instead of the default one'
            cand --base-url 'Stytch API base URL [default: https://api.stytch.com for live projects, https://test.stytch.com otherwise]'
            cand --ca-cert 'Also trust this CA certificate (PEM), e.g. a TLS-inspecting proxy''s'
            cand --timeout 'Seconds to wait for each request to Stytch'
            cand --keyring-timeout 'Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)'
            cand --all 'Every client of the project'
            cand --pending 'Only clients with a rotation pending (alone: every such client of the project)'
            cand --keyring 'Keep the new secret in the OS keyring while the rotation runs'
            cand --keep-secret-file 'Keep the custody file (--secret-file, --secret-dir) once the rotation completed; by default it is removed then, as the deploy target holds the live secret'
            cand --resume 'Continue a run that stopped (a failed deploy, a dead runner) from where it got to'
            cand --next-secret-stdin 'With --resume: the pending secret on stdin, when only the deploy target holds it (a run without --keyring or --secret-file)'
            cand --dry-run 'Send nothing but reads; say for each client what would be done'
            cand -y 'Do not show the plan and ask (required without a terminal)'
            cand --yes 'Do not show the plan and ask (required without a terminal)'
            cand --no-journal 'Keep no journal; the per-client lock is still taken (also STYTCH_M2M_NO_JOURNAL=1)'
            cand --record 'Keep the rotation''s state on the client itself (trusted_metadata.stytch_m2m), for other machines: a lease, resume from a new runner, when it was last rotated (also STYTCH_M2M_RECORD=1)'
            cand --no-record 'Do not read or write the record, whatever STYTCH_M2M_RECORD says'
            cand --replace-record 'With --record: overwrite a record this version does not trust (a newer version''s, or not one)'
            cand --fail-fast 'Stop starting new clients after the first failure'
            cand --secret-stdin 'Read the project secret from the first line of stdin instead of STYTCH_SECRET'
            cand --json 'Print one JSON object: the result on stdout, or the error on stderr'
            cand -q 'Print no progress or summary lines on stderr (errors and warnings still print)'
            cand --quiet 'Print no progress or summary lines on stderr (errors and warnings still print)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'stytch-m2m;rotate;status'= {
            cand --client-id 'The M2M client''s id (m2m-client-test-… or m2m-client-live-…); repeat for several'
            cand --clients-from 'Client ids from this file, one a line (# comments and blank lines ignored; - for stdin)'
            cand --name 'Clients with this exact name (repeatable: any of them)'
            cand --scope 'Clients that have this scope (repeatable: any of them)'
            cand --older-than 'Only clients whose recorded last rotation (--record) is older than AGE (90d, 12h, 30m, 45s), and clients never recorded (their age is unknown); alone: every such client'
            cand --jobs 'Requests in flight at once, 1 to 16 [default: 4]'
            cand --project-id 'Stytch project id (project-test-… or project-live-…)'
            cand --profile 'Use this profile of config.toml (made by `auth login`) instead of the default one'
            cand --base-url 'Stytch API base URL [default: https://api.stytch.com for live projects, https://test.stytch.com otherwise]'
            cand --ca-cert 'Also trust this CA certificate (PEM), e.g. a TLS-inspecting proxy''s'
            cand --timeout 'Seconds to wait for each request to Stytch'
            cand --keyring-timeout 'Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)'
            cand --all 'Every client of the project'
            cand --pending 'Only clients with a rotation pending (alone: every such client of the project)'
            cand --fail-fast 'Stop starting new clients after the first failure'
            cand --secret-stdin 'Read the project secret from the first line of stdin instead of STYTCH_SECRET'
            cand --json 'Print one JSON object: the result on stdout, or the error on stderr'
            cand -q 'Print no progress or summary lines on stderr (errors and warnings still print)'
            cand --quiet 'Print no progress or summary lines on stderr (errors and warnings still print)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'stytch-m2m;rotate;help'= {
            cand start 'Mint the next secret; old and new both work until `complete` or `cancel`'
            cand complete 'Prove the next secret gets a token, then make it the only secret; the old one stops working'
            cand cancel 'Discard the next secret; the current one keeps working'
            cand run 'A whole rotation: start, store, verify, deploy, check, soak, complete; resumable'
            cand status 'Show whether a rotation is pending, the last four of each secret, and the next step'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'stytch-m2m;rotate;help;start'= {
        }
        &'stytch-m2m;rotate;help;complete'= {
        }
        &'stytch-m2m;rotate;help;cancel'= {
        }
        &'stytch-m2m;rotate;help;run'= {
        }
        &'stytch-m2m;rotate;help;status'= {
        }
        &'stytch-m2m;rotate;help;help'= {
        }
        &'stytch-m2m;secret'= {
            cand --project-id 'Stytch project id (project-test-… or project-live-…)'
            cand --profile 'Use this profile of config.toml (made by `auth login`) instead of the default one'
            cand --base-url 'Stytch API base URL [default: https://api.stytch.com for live projects, https://test.stytch.com otherwise]'
            cand --ca-cert 'Also trust this CA certificate (PEM), e.g. a TLS-inspecting proxy''s'
            cand --timeout 'Seconds to wait for each request to Stytch'
            cand --keyring-timeout 'Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)'
            cand --secret-stdin 'Read the project secret from the first line of stdin instead of STYTCH_SECRET'
            cand --json 'Print one JSON object: the result on stdout, or the error on stderr'
            cand -q 'Print no progress or summary lines on stderr (errors and warnings still print)'
            cand --quiet 'Print no progress or summary lines on stderr (errors and warnings still print)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand get 'Print a stored secret on stdout, for scripts'
            cand delete 'Delete a stored secret from the keyring'
            cand verify 'Prove that a client secret gets an access token, without rotating: ok (0) or rejected (9)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'stytch-m2m;secret;get'= {
            cand --client-id 'The M2M client''s id (m2m-client-test-… or m2m-client-live-…)'
            cand --project-id 'Stytch project id (project-test-… or project-live-…)'
            cand --profile 'Use this profile of config.toml (made by `auth login`) instead of the default one'
            cand --keyring-timeout 'Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)'
            cand --next 'The pending (next) secret instead of the current one'
            cand --json 'Print one JSON object: the result on stdout, or the error on stderr'
            cand -q 'Print no progress or summary lines on stderr (errors and warnings still print)'
            cand --quiet 'Print no progress or summary lines on stderr (errors and warnings still print)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'stytch-m2m;secret;delete'= {
            cand --client-id 'The M2M client''s id (m2m-client-test-… or m2m-client-live-…)'
            cand --project-id 'Stytch project id (project-test-… or project-live-…)'
            cand --profile 'Use this profile of config.toml (made by `auth login`) instead of the default one'
            cand --keyring-timeout 'Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)'
            cand --next 'The pending (next) secret instead of the current one'
            cand -y 'Do not ask for confirmation (required without a terminal)'
            cand --yes 'Do not ask for confirmation (required without a terminal)'
            cand --json 'Print one JSON object: the result on stdout, or the error on stderr'
            cand -q 'Print no progress or summary lines on stderr (errors and warnings still print)'
            cand --quiet 'Print no progress or summary lines on stderr (errors and warnings still print)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'stytch-m2m;secret;verify'= {
            cand --client-id 'The M2M client''s id (m2m-client-test-… or m2m-client-live-…)'
            cand --from-file 'Verify the secret in this file instead of the keyring''s (the whole file, trimmed)'
            cand --project-id 'Stytch project id (project-test-… or project-live-…)'
            cand --profile 'Use this profile of config.toml (made by `auth login`) instead of the default one'
            cand --base-url 'Stytch API base URL [default: https://api.stytch.com for live projects, https://test.stytch.com otherwise]'
            cand --ca-cert 'Also trust this CA certificate (PEM), e.g. a TLS-inspecting proxy''s'
            cand --timeout 'Seconds to wait for each request to Stytch'
            cand --keyring-timeout 'Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)'
            cand --next 'The pending (next) secret instead of the current one'
            cand --from-stdin 'Verify the secret on the first line of stdin instead of the keyring''s (hidden at a terminal)'
            cand --json 'Print one JSON object: the result on stdout, or the error on stderr'
            cand -q 'Print no progress or summary lines on stderr (errors and warnings still print)'
            cand --quiet 'Print no progress or summary lines on stderr (errors and warnings still print)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'stytch-m2m;secret;help'= {
            cand get 'Print a stored secret on stdout, for scripts'
            cand delete 'Delete a stored secret from the keyring'
            cand verify 'Prove that a client secret gets an access token, without rotating: ok (0) or rejected (9)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'stytch-m2m;secret;help;get'= {
        }
        &'stytch-m2m;secret;help;delete'= {
        }
        &'stytch-m2m;secret;help;verify'= {
        }
        &'stytch-m2m;secret;help;help'= {
        }
        &'stytch-m2m;token'= {
            cand --client-id 'The M2M client''s id (m2m-client-test-… or m2m-client-live-…)'
            cand --from-file 'Use the secret in this file instead of the keyring''s (the whole file, trimmed)'
            cand --scope 'Ask for this scope only (repeatable; default: every scope the client has)'
            cand --project-id 'Stytch project id (project-test-… or project-live-…)'
            cand --profile 'Use this profile of config.toml (made by `auth login`) instead of the default one'
            cand --base-url 'Stytch API base URL [default: https://api.stytch.com for live projects, https://test.stytch.com otherwise]'
            cand --ca-cert 'Also trust this CA certificate (PEM), e.g. a TLS-inspecting proxy''s'
            cand --timeout 'Seconds to wait for each request to Stytch'
            cand --keyring-timeout 'Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)'
            cand --next 'The pending (next) secret instead of the current one'
            cand --from-stdin 'Use the secret on the first line of stdin instead of the keyring''s (hidden at a terminal)'
            cand --secret-stdin 'Read the project secret from the first line of stdin instead of STYTCH_SECRET'
            cand --json 'Print one JSON object: the result on stdout, or the error on stderr'
            cand -q 'Print no progress or summary lines on stderr (errors and warnings still print)'
            cand --quiet 'Print no progress or summary lines on stderr (errors and warnings still print)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'stytch-m2m;auth'= {
            cand --project-id 'Stytch project id (project-test-… or project-live-…)'
            cand --profile 'Use this profile of config.toml (made by `auth login`) instead of the default one'
            cand --base-url 'Stytch API base URL [default: https://api.stytch.com for live projects, https://test.stytch.com otherwise]'
            cand --ca-cert 'Also trust this CA certificate (PEM), e.g. a TLS-inspecting proxy''s'
            cand --timeout 'Seconds to wait for each request to Stytch'
            cand --keyring-timeout 'Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)'
            cand --secret-stdin 'Read the project secret from the first line of stdin instead of STYTCH_SECRET'
            cand --json 'Print one JSON object: the result on stdout, or the error on stderr'
            cand -q 'Print no progress or summary lines on stderr (errors and warnings still print)'
            cand --quiet 'Print no progress or summary lines on stderr (errors and warnings still print)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand login 'Prove a project id and secret against Stytch, then keep the secret in the OS keyring'
            cand status 'Show each profile: project, base URL, where the secret comes from, and whether it works'
            cand logout 'Remove a profile and its project secret from the keyring'
            cand switch 'Make a profile the default'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'stytch-m2m;auth;login'= {
            cand --project-id 'Stytch project id (project-test-… or project-live-…)'
            cand --profile 'Use this profile of config.toml (made by `auth login`) instead of the default one'
            cand --base-url 'Stytch API base URL [default: https://api.stytch.com for live projects, https://test.stytch.com otherwise]'
            cand --ca-cert 'Also trust this CA certificate (PEM), e.g. a TLS-inspecting proxy''s'
            cand --timeout 'Seconds to wait for each request to Stytch'
            cand --keyring-timeout 'Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)'
            cand -y 'Replace an existing profile without asking (required without a terminal)'
            cand --yes 'Replace an existing profile without asking (required without a terminal)'
            cand --secret-stdin 'Read the project secret from the first line of stdin instead of STYTCH_SECRET'
            cand --json 'Print one JSON object: the result on stdout, or the error on stderr'
            cand -q 'Print no progress or summary lines on stderr (errors and warnings still print)'
            cand --quiet 'Print no progress or summary lines on stderr (errors and warnings still print)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'stytch-m2m;auth;status'= {
            cand --project-id 'Stytch project id (project-test-… or project-live-…)'
            cand --profile 'Use this profile of config.toml (made by `auth login`) instead of the default one'
            cand --base-url 'Stytch API base URL [default: https://api.stytch.com for live projects, https://test.stytch.com otherwise]'
            cand --ca-cert 'Also trust this CA certificate (PEM), e.g. a TLS-inspecting proxy''s'
            cand --timeout 'Seconds to wait for each request to Stytch'
            cand --keyring-timeout 'Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)'
            cand --offline 'Send nothing: do not check that the credentials work'
            cand --secret-stdin 'Read the project secret from the first line of stdin instead of STYTCH_SECRET'
            cand --json 'Print one JSON object: the result on stdout, or the error on stderr'
            cand -q 'Print no progress or summary lines on stderr (errors and warnings still print)'
            cand --quiet 'Print no progress or summary lines on stderr (errors and warnings still print)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'stytch-m2m;auth;logout'= {
            cand --project-id 'Stytch project id (project-test-… or project-live-…)'
            cand --profile 'Use this profile of config.toml (made by `auth login`) instead of the default one'
            cand --base-url 'Stytch API base URL [default: https://api.stytch.com for live projects, https://test.stytch.com otherwise]'
            cand --ca-cert 'Also trust this CA certificate (PEM), e.g. a TLS-inspecting proxy''s'
            cand --timeout 'Seconds to wait for each request to Stytch'
            cand --keyring-timeout 'Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)'
            cand -y 'Do not ask for confirmation (required without a terminal)'
            cand --yes 'Do not ask for confirmation (required without a terminal)'
            cand --secret-stdin 'Read the project secret from the first line of stdin instead of STYTCH_SECRET'
            cand --json 'Print one JSON object: the result on stdout, or the error on stderr'
            cand -q 'Print no progress or summary lines on stderr (errors and warnings still print)'
            cand --quiet 'Print no progress or summary lines on stderr (errors and warnings still print)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'stytch-m2m;auth;switch'= {
            cand --project-id 'Stytch project id (project-test-… or project-live-…)'
            cand --profile 'Use this profile of config.toml (made by `auth login`) instead of the default one'
            cand --base-url 'Stytch API base URL [default: https://api.stytch.com for live projects, https://test.stytch.com otherwise]'
            cand --ca-cert 'Also trust this CA certificate (PEM), e.g. a TLS-inspecting proxy''s'
            cand --timeout 'Seconds to wait for each request to Stytch'
            cand --keyring-timeout 'Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)'
            cand --secret-stdin 'Read the project secret from the first line of stdin instead of STYTCH_SECRET'
            cand --json 'Print one JSON object: the result on stdout, or the error on stderr'
            cand -q 'Print no progress or summary lines on stderr (errors and warnings still print)'
            cand --quiet 'Print no progress or summary lines on stderr (errors and warnings still print)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'stytch-m2m;auth;help'= {
            cand login 'Prove a project id and secret against Stytch, then keep the secret in the OS keyring'
            cand status 'Show each profile: project, base URL, where the secret comes from, and whether it works'
            cand logout 'Remove a profile and its project secret from the keyring'
            cand switch 'Make a profile the default'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'stytch-m2m;auth;help;login'= {
        }
        &'stytch-m2m;auth;help;status'= {
        }
        &'stytch-m2m;auth;help;logout'= {
        }
        &'stytch-m2m;auth;help;switch'= {
        }
        &'stytch-m2m;auth;help;help'= {
        }
        &'stytch-m2m;clients'= {
            cand --project-id 'Stytch project id (project-test-… or project-live-…)'
            cand --profile 'Use this profile of config.toml (made by `auth login`) instead of the default one'
            cand --base-url 'Stytch API base URL [default: https://api.stytch.com for live projects, https://test.stytch.com otherwise]'
            cand --ca-cert 'Also trust this CA certificate (PEM), e.g. a TLS-inspecting proxy''s'
            cand --timeout 'Seconds to wait for each request to Stytch'
            cand --keyring-timeout 'Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)'
            cand --secret-stdin 'Read the project secret from the first line of stdin instead of STYTCH_SECRET'
            cand --json 'Print one JSON object: the result on stdout, or the error on stderr'
            cand -q 'Print no progress or summary lines on stderr (errors and warnings still print)'
            cand --quiet 'Print no progress or summary lines on stderr (errors and warnings still print)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'A table of clients: id, name, status, last four of the secret and of a pending one'
            cand create 'Create a client and keep its one-time secret as `rotate start` keeps a new one: in the keyring, a new file, or on stdout; then prove it gets a token'
            cand delete 'Delete a client: its secrets stop getting tokens (tokens already issued stay valid until they expire)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'stytch-m2m;clients;list'= {
            cand --client-id 'The M2M client''s id (m2m-client-test-… or m2m-client-live-…); repeat for several'
            cand --clients-from 'Client ids from this file, one a line (# comments and blank lines ignored; - for stdin)'
            cand --name 'Clients with this exact name (repeatable: any of them)'
            cand --scope 'Clients that have this scope (repeatable: any of them)'
            cand --older-than 'Only clients whose recorded last rotation (--record) is older than AGE (90d, 12h, 30m, 45s), and clients never recorded (their age is unknown); alone: every such client'
            cand --project-id 'Stytch project id (project-test-… or project-live-…)'
            cand --profile 'Use this profile of config.toml (made by `auth login`) instead of the default one'
            cand --base-url 'Stytch API base URL [default: https://api.stytch.com for live projects, https://test.stytch.com otherwise]'
            cand --ca-cert 'Also trust this CA certificate (PEM), e.g. a TLS-inspecting proxy''s'
            cand --timeout 'Seconds to wait for each request to Stytch'
            cand --keyring-timeout 'Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)'
            cand --all 'Every client of the project'
            cand --pending 'Only clients with a rotation pending (alone: every such client of the project)'
            cand --secret-stdin 'Read the project secret from the first line of stdin instead of STYTCH_SECRET'
            cand --json 'Print one JSON object: the result on stdout, or the error on stderr'
            cand -q 'Print no progress or summary lines on stderr (errors and warnings still print)'
            cand --quiet 'Print no progress or summary lines on stderr (errors and warnings still print)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'stytch-m2m;clients;create'= {
            cand --name 'The new client''s name (client_name)'
            cand --scope 'A scope to give the client (repeatable; at least one)'
            cand --description 'The new client''s description (client_description)'
            cand --client-id 'Create the client with this id instead of a new one (it must not exist)'
            cand --secret-file 'Write the new client''s secret to this new file (mode 0600; never overwrites) instead of printing it'
            cand --secret-dir 'Write the new client''s secret to a new file (0600) in DIR, named by the client id'
            cand --lock-timeout 'Seconds to wait while another stytch-m2m process works on the same client'
            cand --project-id 'Stytch project id (project-test-… or project-live-…)'
            cand --profile 'Use this profile of config.toml (made by `auth login`) instead of the default one'
            cand --base-url 'Stytch API base URL [default: https://api.stytch.com for live projects, https://test.stytch.com otherwise]'
            cand --ca-cert 'Also trust this CA certificate (PEM), e.g. a TLS-inspecting proxy''s'
            cand --timeout 'Seconds to wait for each request to Stytch'
            cand --keyring-timeout 'Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)'
            cand --keyring 'Store the new client''s secret in the OS keyring instead of printing it'
            cand --no-journal 'Keep no journal; the per-client lock is still taken (also STYTCH_M2M_NO_JOURNAL=1)'
            cand --record 'Create the client with its rotation record (trusted_metadata.stytch_m2m): idle, its secret made now (also STYTCH_M2M_RECORD=1)'
            cand --no-record 'Create the client without a record, whatever STYTCH_M2M_RECORD or the profile says'
            cand --secret-stdin 'Read the project secret from the first line of stdin instead of STYTCH_SECRET'
            cand --json 'Print one JSON object: the result on stdout, or the error on stderr'
            cand -q 'Print no progress or summary lines on stderr (errors and warnings still print)'
            cand --quiet 'Print no progress or summary lines on stderr (errors and warnings still print)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'stytch-m2m;clients;delete'= {
            cand --client-id 'The M2M client''s id (m2m-client-test-… or m2m-client-live-…)'
            cand --lock-timeout 'Seconds to wait while another stytch-m2m process works on the same client'
            cand --project-id 'Stytch project id (project-test-… or project-live-…)'
            cand --profile 'Use this profile of config.toml (made by `auth login`) instead of the default one'
            cand --base-url 'Stytch API base URL [default: https://api.stytch.com for live projects, https://test.stytch.com otherwise]'
            cand --ca-cert 'Also trust this CA certificate (PEM), e.g. a TLS-inspecting proxy''s'
            cand --timeout 'Seconds to wait for each request to Stytch'
            cand --keyring-timeout 'Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)'
            cand -y 'Do not ask for confirmation (required without a terminal)'
            cand --yes 'Do not ask for confirmation (required without a terminal)'
            cand --no-journal 'Keep no journal; the per-client lock is still taken (also STYTCH_M2M_NO_JOURNAL=1)'
            cand --secret-stdin 'Read the project secret from the first line of stdin instead of STYTCH_SECRET'
            cand --json 'Print one JSON object: the result on stdout, or the error on stderr'
            cand -q 'Print no progress or summary lines on stderr (errors and warnings still print)'
            cand --quiet 'Print no progress or summary lines on stderr (errors and warnings still print)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'stytch-m2m;clients;help'= {
            cand list 'A table of clients: id, name, status, last four of the secret and of a pending one'
            cand create 'Create a client and keep its one-time secret as `rotate start` keeps a new one: in the keyring, a new file, or on stdout; then prove it gets a token'
            cand delete 'Delete a client: its secrets stop getting tokens (tokens already issued stay valid until they expire)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'stytch-m2m;clients;help;list'= {
        }
        &'stytch-m2m;clients;help;create'= {
        }
        &'stytch-m2m;clients;help;delete'= {
        }
        &'stytch-m2m;clients;help;help'= {
        }
        &'stytch-m2m;completions'= {
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'stytch-m2m;history'= {
            cand --client-id 'Only this client''s entries'
            cand --limit 'How many of the newest entries to show'
            cand --project-id 'Stytch project id (project-test-… or project-live-…)'
            cand --profile 'Use this profile of config.toml (made by `auth login`) instead of the default one'
            cand --json 'Print one JSON object: the result on stdout, or the error on stderr'
            cand -q 'Print no progress or summary lines on stderr (errors and warnings still print)'
            cand --quiet 'Print no progress or summary lines on stderr (errors and warnings still print)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'stytch-m2m;doctor'= {
            cand --client-id 'Also check that this client exists, show its rotation state, and check that its secret in the keyring (if any) gets a token'
            cand --project-id 'Stytch project id (project-test-… or project-live-…)'
            cand --profile 'Use this profile of config.toml (made by `auth login`) instead of the default one'
            cand --base-url 'Stytch API base URL [default: https://api.stytch.com for live projects, https://test.stytch.com otherwise]'
            cand --ca-cert 'Also trust this CA certificate (PEM), e.g. a TLS-inspecting proxy''s'
            cand --timeout 'Seconds to wait for each request to Stytch'
            cand --keyring-timeout 'Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)'
            cand --secret-stdin 'Read the project secret from the first line of stdin instead of STYTCH_SECRET'
            cand --json 'Print one JSON object: the result on stdout, or the error on stderr'
            cand -q 'Print no progress or summary lines on stderr (errors and warnings still print)'
            cand --quiet 'Print no progress or summary lines on stderr (errors and warnings still print)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'stytch-m2m;help'= {
            cand rotate 'Start, complete, cancel or inspect a client secret rotation'
            cand secret 'Read, delete or verify a client secret (verify: does it still get a token?)'
            cand token 'Print an access token for a client, got with its stored secret (never the secret itself)'
            cand auth 'Keep the project secret in the OS keyring, under named profiles (login, status, logout, switch)'
            cand clients 'List the project''s M2M clients and their rotation state; create or delete one'
            cand completions 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
            cand history 'Show what this machine''s journal recorded: who rotated which client, when, and how it ended'
            cand doctor 'Check credentials, the connection to Stytch and the keyring, with a fix for each problem'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'stytch-m2m;help;rotate'= {
            cand start 'Mint the next secret; old and new both work until `complete` or `cancel`'
            cand complete 'Prove the next secret gets a token, then make it the only secret; the old one stops working'
            cand cancel 'Discard the next secret; the current one keeps working'
            cand run 'A whole rotation: start, store, verify, deploy, check, soak, complete; resumable'
            cand status 'Show whether a rotation is pending, the last four of each secret, and the next step'
        }
        &'stytch-m2m;help;rotate;start'= {
        }
        &'stytch-m2m;help;rotate;complete'= {
        }
        &'stytch-m2m;help;rotate;cancel'= {
        }
        &'stytch-m2m;help;rotate;run'= {
        }
        &'stytch-m2m;help;rotate;status'= {
        }
        &'stytch-m2m;help;secret'= {
            cand get 'Print a stored secret on stdout, for scripts'
            cand delete 'Delete a stored secret from the keyring'
            cand verify 'Prove that a client secret gets an access token, without rotating: ok (0) or rejected (9)'
        }
        &'stytch-m2m;help;secret;get'= {
        }
        &'stytch-m2m;help;secret;delete'= {
        }
        &'stytch-m2m;help;secret;verify'= {
        }
        &'stytch-m2m;help;token'= {
        }
        &'stytch-m2m;help;auth'= {
            cand login 'Prove a project id and secret against Stytch, then keep the secret in the OS keyring'
            cand status 'Show each profile: project, base URL, where the secret comes from, and whether it works'
            cand logout 'Remove a profile and its project secret from the keyring'
            cand switch 'Make a profile the default'
        }
        &'stytch-m2m;help;auth;login'= {
        }
        &'stytch-m2m;help;auth;status'= {
        }
        &'stytch-m2m;help;auth;logout'= {
        }
        &'stytch-m2m;help;auth;switch'= {
        }
        &'stytch-m2m;help;clients'= {
            cand list 'A table of clients: id, name, status, last four of the secret and of a pending one'
            cand create 'Create a client and keep its one-time secret as `rotate start` keeps a new one: in the keyring, a new file, or on stdout; then prove it gets a token'
            cand delete 'Delete a client: its secrets stop getting tokens (tokens already issued stay valid until they expire)'
        }
        &'stytch-m2m;help;clients;list'= {
        }
        &'stytch-m2m;help;clients;create'= {
        }
        &'stytch-m2m;help;clients;delete'= {
        }
        &'stytch-m2m;help;completions'= {
        }
        &'stytch-m2m;help;history'= {
        }
        &'stytch-m2m;help;doctor'= {
        }
        &'stytch-m2m;help;help'= {
        }
    ]
    $completions[$command]
}
