
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'stytch-m2m' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'stytch-m2m'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'stytch-m2m' {
            [CompletionResult]::new('--project-id', '--project-id', [CompletionResultType]::ParameterName, 'Stytch project id (project-test-… or project-live-…)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of config.toml (made by `auth login`) instead of the default one')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Stytch API base URL [default: https://api.stytch.com for live projects, https://test.stytch.com otherwise]')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Also trust this CA certificate (PEM), e.g. a TLS-inspecting proxy''s')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each request to Stytch')
            [CompletionResult]::new('--keyring-timeout', '--keyring-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)')
            [CompletionResult]::new('--secret-stdin', '--secret-stdin', [CompletionResultType]::ParameterName, 'Read the project secret from the first line of stdin instead of STYTCH_SECRET')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object: the result on stdout, or the error on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no progress or summary lines on stderr (errors and warnings still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no progress or summary lines on stderr (errors and warnings still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Start, complete, cancel or inspect a client secret rotation')
            [CompletionResult]::new('secret', 'secret', [CompletionResultType]::ParameterValue, 'Read, delete or verify a client secret (verify: does it still get a token?)')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Print an access token for a client, got with its stored secret (never the secret itself)')
            [CompletionResult]::new('auth', 'auth', [CompletionResultType]::ParameterValue, 'Keep the project secret in the OS keyring, under named profiles (login, status, logout, switch)')
            [CompletionResult]::new('clients', 'clients', [CompletionResultType]::ParameterValue, 'List the project''s M2M clients and their rotation state; create or delete one')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (bash, zsh, fish, powershell, elvish)')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'Show what this machine''s journal recorded: who rotated which client, when, and how it ended')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check credentials, the connection to Stytch and the keyring, with a fix for each problem')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'stytch-m2m;rotate' {
            [CompletionResult]::new('--project-id', '--project-id', [CompletionResultType]::ParameterName, 'Stytch project id (project-test-… or project-live-…)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of config.toml (made by `auth login`) instead of the default one')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Stytch API base URL [default: https://api.stytch.com for live projects, https://test.stytch.com otherwise]')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Also trust this CA certificate (PEM), e.g. a TLS-inspecting proxy''s')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each request to Stytch')
            [CompletionResult]::new('--keyring-timeout', '--keyring-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)')
            [CompletionResult]::new('--secret-stdin', '--secret-stdin', [CompletionResultType]::ParameterName, 'Read the project secret from the first line of stdin instead of STYTCH_SECRET')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object: the result on stdout, or the error on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no progress or summary lines on stderr (errors and warnings still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no progress or summary lines on stderr (errors and warnings still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('start', 'start', [CompletionResultType]::ParameterValue, 'Mint the next secret; old and new both work until `complete` or `cancel`')
            [CompletionResult]::new('complete', 'complete', [CompletionResultType]::ParameterValue, 'Prove the next secret gets a token, then make it the only secret; the old one stops working')
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'Discard the next secret; the current one keeps working')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'A whole rotation: start, store, verify, deploy, check, soak, complete; resumable')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show whether a rotation is pending, the last four of each secret, and the next step')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'stytch-m2m;rotate;start' {
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'The M2M client''s id (m2m-client-test-… or m2m-client-live-…); repeat for several')
            [CompletionResult]::new('--clients-from', '--clients-from', [CompletionResultType]::ParameterName, 'Client ids from this file, one a line (# comments and blank lines ignored; - for stdin)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Clients with this exact name (repeatable: any of them)')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Clients that have this scope (repeatable: any of them)')
            [CompletionResult]::new('--older-than', '--older-than', [CompletionResultType]::ParameterName, 'Only clients whose recorded last rotation (--record) is older than AGE (90d, 12h, 30m, 45s), and clients never recorded (their age is unknown); alone: every such client')
            [CompletionResult]::new('--expect-secret-last-four', '--expect-secret-last-four', [CompletionResultType]::ParameterName, 'Refuse (exit 5, nothing sent) unless the current secret ends in these four characters')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait while another stytch-m2m process works on the same client')
            [CompletionResult]::new('--lease', '--lease', [CompletionResultType]::ParameterName, 'With --record: seconds this run holds the client against other machines (renewed at each step)')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Write the new secret to this new file (mode 0600; never overwrites) instead of printing it')
            [CompletionResult]::new('--secret-dir', '--secret-dir', [CompletionResultType]::ParameterName, 'Write each new secret to a new file (0600) in DIR, named by the client id')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Requests in flight at once, 1 to 16 [default: 4]')
            [CompletionResult]::new('--project-id', '--project-id', [CompletionResultType]::ParameterName, 'Stytch project id (project-test-… or project-live-…)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of config.toml (made by `auth login`) instead of the default one')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Stytch API base URL [default: https://api.stytch.com for live projects, https://test.stytch.com otherwise]')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Also trust this CA certificate (PEM), e.g. a TLS-inspecting proxy''s')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each request to Stytch')
            [CompletionResult]::new('--keyring-timeout', '--keyring-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Every client of the project')
            [CompletionResult]::new('--pending', '--pending', [CompletionResultType]::ParameterName, 'Only clients with a rotation pending (alone: every such client of the project)')
            [CompletionResult]::new('--no-journal', '--no-journal', [CompletionResultType]::ParameterName, 'Keep no journal; the per-client lock is still taken (also STYTCH_M2M_NO_JOURNAL=1)')
            [CompletionResult]::new('--record', '--record', [CompletionResultType]::ParameterName, 'Keep the rotation''s state on the client itself (trusted_metadata.stytch_m2m), for other machines: a lease, resume from a new runner, when it was last rotated (also STYTCH_M2M_RECORD=1)')
            [CompletionResult]::new('--no-record', '--no-record', [CompletionResultType]::ParameterName, 'Do not read or write the record, whatever STYTCH_M2M_RECORD says')
            [CompletionResult]::new('--replace-record', '--replace-record', [CompletionResultType]::ParameterName, 'With --record: overwrite a record this version does not trust (a newer version''s, or not one)')
            [CompletionResult]::new('--keyring', '--keyring', [CompletionResultType]::ParameterName, 'Store the new secret in the OS keyring instead of printing it')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Send nothing but reads; say for each client what would be done')
            [CompletionResult]::new('--fail-fast', '--fail-fast', [CompletionResultType]::ParameterName, 'Stop starting new clients after the first failure')
            [CompletionResult]::new('--secret-stdin', '--secret-stdin', [CompletionResultType]::ParameterName, 'Read the project secret from the first line of stdin instead of STYTCH_SECRET')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object: the result on stdout, or the error on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no progress or summary lines on stderr (errors and warnings still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no progress or summary lines on stderr (errors and warnings still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'stytch-m2m;rotate;complete' {
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'The M2M client''s id (m2m-client-test-… or m2m-client-live-…); repeat for several')
            [CompletionResult]::new('--clients-from', '--clients-from', [CompletionResultType]::ParameterName, 'Client ids from this file, one a line (# comments and blank lines ignored; - for stdin)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Clients with this exact name (repeatable: any of them)')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Clients that have this scope (repeatable: any of them)')
            [CompletionResult]::new('--older-than', '--older-than', [CompletionResultType]::ParameterName, 'Only clients whose recorded last rotation (--record) is older than AGE (90d, 12h, 30m, 45s), and clients never recorded (their age is unknown); alone: every such client')
            [CompletionResult]::new('--expect-next-last-four', '--expect-next-last-four', [CompletionResultType]::ParameterName, 'Refuse (exit 5, nothing sent) unless the pending secret ends in these four characters')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait while another stytch-m2m process works on the same client')
            [CompletionResult]::new('--lease', '--lease', [CompletionResultType]::ParameterName, 'With --record: seconds this run holds the client against other machines (renewed at each step)')
            [CompletionResult]::new('--next-secret-file', '--next-secret-file', [CompletionResultType]::ParameterName, 'Read the pending secret to verify from this file (as `rotate start --secret-file` wrote it)')
            [CompletionResult]::new('--secret-dir', '--secret-dir', [CompletionResultType]::ParameterName, 'Read each pending secret from DIR (as `rotate start --secret-dir` wrote it)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Requests in flight at once, 1 to 16 [default: 4]')
            [CompletionResult]::new('--project-id', '--project-id', [CompletionResultType]::ParameterName, 'Stytch project id (project-test-… or project-live-…)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of config.toml (made by `auth login`) instead of the default one')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Stytch API base URL [default: https://api.stytch.com for live projects, https://test.stytch.com otherwise]')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Also trust this CA certificate (PEM), e.g. a TLS-inspecting proxy''s')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each request to Stytch')
            [CompletionResult]::new('--keyring-timeout', '--keyring-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Every client of the project')
            [CompletionResult]::new('--pending', '--pending', [CompletionResultType]::ParameterName, 'Only clients with a rotation pending (alone: every such client of the project)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required without a terminal)')
            [CompletionResult]::new('--no-journal', '--no-journal', [CompletionResultType]::ParameterName, 'Keep no journal; the per-client lock is still taken (also STYTCH_M2M_NO_JOURNAL=1)')
            [CompletionResult]::new('--record', '--record', [CompletionResultType]::ParameterName, 'Keep the rotation''s state on the client itself (trusted_metadata.stytch_m2m), for other machines: a lease, resume from a new runner, when it was last rotated (also STYTCH_M2M_RECORD=1)')
            [CompletionResult]::new('--no-record', '--no-record', [CompletionResultType]::ParameterName, 'Do not read or write the record, whatever STYTCH_M2M_RECORD says')
            [CompletionResult]::new('--replace-record', '--replace-record', [CompletionResultType]::ParameterName, 'With --record: overwrite a record this version does not trust (a newer version''s, or not one)')
            [CompletionResult]::new('--next-secret-stdin', '--next-secret-stdin', [CompletionResultType]::ParameterName, 'Read the pending secret to verify from stdin instead of the keyring (hidden at a terminal)')
            [CompletionResult]::new('--skip-verify', '--skip-verify', [CompletionResultType]::ParameterName, 'Complete without proving that the pending secret gets a token (not recommended)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Send nothing but reads; say for each client what would be done')
            [CompletionResult]::new('--fail-fast', '--fail-fast', [CompletionResultType]::ParameterName, 'Stop starting new clients after the first failure')
            [CompletionResult]::new('--secret-stdin', '--secret-stdin', [CompletionResultType]::ParameterName, 'Read the project secret from the first line of stdin instead of STYTCH_SECRET')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object: the result on stdout, or the error on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no progress or summary lines on stderr (errors and warnings still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no progress or summary lines on stderr (errors and warnings still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'stytch-m2m;rotate;cancel' {
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'The M2M client''s id (m2m-client-test-… or m2m-client-live-…); repeat for several')
            [CompletionResult]::new('--clients-from', '--clients-from', [CompletionResultType]::ParameterName, 'Client ids from this file, one a line (# comments and blank lines ignored; - for stdin)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Clients with this exact name (repeatable: any of them)')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Clients that have this scope (repeatable: any of them)')
            [CompletionResult]::new('--older-than', '--older-than', [CompletionResultType]::ParameterName, 'Only clients whose recorded last rotation (--record) is older than AGE (90d, 12h, 30m, 45s), and clients never recorded (their age is unknown); alone: every such client')
            [CompletionResult]::new('--expect-next-last-four', '--expect-next-last-four', [CompletionResultType]::ParameterName, 'Refuse (exit 5, nothing sent) unless the pending secret ends in these four characters')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait while another stytch-m2m process works on the same client')
            [CompletionResult]::new('--lease', '--lease', [CompletionResultType]::ParameterName, 'With --record: seconds this run holds the client against other machines (renewed at each step)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Requests in flight at once, 1 to 16 [default: 4]')
            [CompletionResult]::new('--project-id', '--project-id', [CompletionResultType]::ParameterName, 'Stytch project id (project-test-… or project-live-…)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of config.toml (made by `auth login`) instead of the default one')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Stytch API base URL [default: https://api.stytch.com for live projects, https://test.stytch.com otherwise]')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Also trust this CA certificate (PEM), e.g. a TLS-inspecting proxy''s')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each request to Stytch')
            [CompletionResult]::new('--keyring-timeout', '--keyring-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Every client of the project')
            [CompletionResult]::new('--pending', '--pending', [CompletionResultType]::ParameterName, 'Only clients with a rotation pending (alone: every such client of the project)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required without a terminal)')
            [CompletionResult]::new('--no-journal', '--no-journal', [CompletionResultType]::ParameterName, 'Keep no journal; the per-client lock is still taken (also STYTCH_M2M_NO_JOURNAL=1)')
            [CompletionResult]::new('--record', '--record', [CompletionResultType]::ParameterName, 'Keep the rotation''s state on the client itself (trusted_metadata.stytch_m2m), for other machines: a lease, resume from a new runner, when it was last rotated (also STYTCH_M2M_RECORD=1)')
            [CompletionResult]::new('--no-record', '--no-record', [CompletionResultType]::ParameterName, 'Do not read or write the record, whatever STYTCH_M2M_RECORD says')
            [CompletionResult]::new('--replace-record', '--replace-record', [CompletionResultType]::ParameterName, 'With --record: overwrite a record this version does not trust (a newer version''s, or not one)')
            [CompletionResult]::new('--even-if-deployed', '--even-if-deployed', [CompletionResultType]::ParameterName, 'Cancel even though this machine''s journal shows that a deploy of the pending secret began (its consumers may already use it)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Send nothing but reads; say for each client what would be done')
            [CompletionResult]::new('--fail-fast', '--fail-fast', [CompletionResultType]::ParameterName, 'Stop starting new clients after the first failure')
            [CompletionResult]::new('--secret-stdin', '--secret-stdin', [CompletionResultType]::ParameterName, 'Read the project secret from the first line of stdin instead of STYTCH_SECRET')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object: the result on stdout, or the error on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no progress or summary lines on stderr (errors and warnings still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no progress or summary lines on stderr (errors and warnings still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'stytch-m2m;rotate;run' {
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'The M2M client''s id (m2m-client-test-… or m2m-client-live-…); repeat for several')
            [CompletionResult]::new('--clients-from', '--clients-from', [CompletionResultType]::ParameterName, 'Client ids from this file, one a line (# comments and blank lines ignored; - for stdin)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Clients with this exact name (repeatable: any of them)')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Clients that have this scope (repeatable: any of them)')
            [CompletionResult]::new('--older-than', '--older-than', [CompletionResultType]::ParameterName, 'Only clients whose recorded last rotation (--record) is older than AGE (90d, 12h, 30m, 45s), and clients never recorded (their age is unknown); alone: every such client')
            [CompletionResult]::new('--deploy', '--deploy', [CompletionResultType]::ParameterName, 'Command that hands the new secret to its consumers (sh -c; the secret on its stdin)')
            [CompletionResult]::new('--secret-env', '--secret-env', [CompletionResultType]::ParameterName, 'Give the deploy command the secret in this environment variable instead of stdin')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Keep the new secret in this new file (mode 0600) while the rotation runs')
            [CompletionResult]::new('--secret-dir', '--secret-dir', [CompletionResultType]::ParameterName, 'Keep each new secret in a new file (0600) in DIR, named by the client id')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'Command that exits 0 once the consumers use the new secret (retried every 2 s)')
            [CompletionResult]::new('--verify-timeout', '--verify-timeout', [CompletionResultType]::ParameterName, 'Seconds to keep retrying verification (and the check) before giving up')
            [CompletionResult]::new('--soak', '--soak', [CompletionResultType]::ParameterName, 'Seconds to wait with both secrets valid before completing')
            [CompletionResult]::new('--on-deploy-failure', '--on-deploy-failure', [CompletionResultType]::ParameterName, 'When the deploy or check fails, or a signal stops the run once the deploy started [default: keep]')
            [CompletionResult]::new('--next-secret-from', '--next-secret-from', [CompletionResultType]::ParameterName, 'With --resume: a command (sh -c) whose stdout is the pending secret, e.g. `vault kv get -field=client_secret secret/stytch`, when only the deploy target holds it')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait while another stytch-m2m process works on the same client')
            [CompletionResult]::new('--lease', '--lease', [CompletionResultType]::ParameterName, 'With --record: seconds this run holds the client against other machines (renewed at each step)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Requests in flight at once, 1 to 16 [default: 4]')
            [CompletionResult]::new('--project-id', '--project-id', [CompletionResultType]::ParameterName, 'Stytch project id (project-test-… or project-live-…)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of config.toml (made by `auth login`) instead of the default one')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Stytch API base URL [default: https://api.stytch.com for live projects, https://test.stytch.com otherwise]')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Also trust this CA certificate (PEM), e.g. a TLS-inspecting proxy''s')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each request to Stytch')
            [CompletionResult]::new('--keyring-timeout', '--keyring-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Every client of the project')
            [CompletionResult]::new('--pending', '--pending', [CompletionResultType]::ParameterName, 'Only clients with a rotation pending (alone: every such client of the project)')
            [CompletionResult]::new('--keyring', '--keyring', [CompletionResultType]::ParameterName, 'Keep the new secret in the OS keyring while the rotation runs')
            [CompletionResult]::new('--keep-secret-file', '--keep-secret-file', [CompletionResultType]::ParameterName, 'Keep the custody file (--secret-file, --secret-dir) once the rotation completed; by default it is removed then, as the deploy target holds the live secret')
            [CompletionResult]::new('--resume', '--resume', [CompletionResultType]::ParameterName, 'Continue a run that stopped (a failed deploy, a dead runner) from where it got to')
            [CompletionResult]::new('--next-secret-stdin', '--next-secret-stdin', [CompletionResultType]::ParameterName, 'With --resume: the pending secret on stdin, when only the deploy target holds it (a run without --keyring or --secret-file)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Send nothing but reads; say for each client what would be done')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not show the plan and ask (required without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not show the plan and ask (required without a terminal)')
            [CompletionResult]::new('--no-journal', '--no-journal', [CompletionResultType]::ParameterName, 'Keep no journal; the per-client lock is still taken (also STYTCH_M2M_NO_JOURNAL=1)')
            [CompletionResult]::new('--record', '--record', [CompletionResultType]::ParameterName, 'Keep the rotation''s state on the client itself (trusted_metadata.stytch_m2m), for other machines: a lease, resume from a new runner, when it was last rotated (also STYTCH_M2M_RECORD=1)')
            [CompletionResult]::new('--no-record', '--no-record', [CompletionResultType]::ParameterName, 'Do not read or write the record, whatever STYTCH_M2M_RECORD says')
            [CompletionResult]::new('--replace-record', '--replace-record', [CompletionResultType]::ParameterName, 'With --record: overwrite a record this version does not trust (a newer version''s, or not one)')
            [CompletionResult]::new('--fail-fast', '--fail-fast', [CompletionResultType]::ParameterName, 'Stop starting new clients after the first failure')
            [CompletionResult]::new('--secret-stdin', '--secret-stdin', [CompletionResultType]::ParameterName, 'Read the project secret from the first line of stdin instead of STYTCH_SECRET')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object: the result on stdout, or the error on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no progress or summary lines on stderr (errors and warnings still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no progress or summary lines on stderr (errors and warnings still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'stytch-m2m;rotate;status' {
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'The M2M client''s id (m2m-client-test-… or m2m-client-live-…); repeat for several')
            [CompletionResult]::new('--clients-from', '--clients-from', [CompletionResultType]::ParameterName, 'Client ids from this file, one a line (# comments and blank lines ignored; - for stdin)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Clients with this exact name (repeatable: any of them)')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Clients that have this scope (repeatable: any of them)')
            [CompletionResult]::new('--older-than', '--older-than', [CompletionResultType]::ParameterName, 'Only clients whose recorded last rotation (--record) is older than AGE (90d, 12h, 30m, 45s), and clients never recorded (their age is unknown); alone: every such client')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Requests in flight at once, 1 to 16 [default: 4]')
            [CompletionResult]::new('--project-id', '--project-id', [CompletionResultType]::ParameterName, 'Stytch project id (project-test-… or project-live-…)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of config.toml (made by `auth login`) instead of the default one')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Stytch API base URL [default: https://api.stytch.com for live projects, https://test.stytch.com otherwise]')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Also trust this CA certificate (PEM), e.g. a TLS-inspecting proxy''s')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each request to Stytch')
            [CompletionResult]::new('--keyring-timeout', '--keyring-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Every client of the project')
            [CompletionResult]::new('--pending', '--pending', [CompletionResultType]::ParameterName, 'Only clients with a rotation pending (alone: every such client of the project)')
            [CompletionResult]::new('--fail-fast', '--fail-fast', [CompletionResultType]::ParameterName, 'Stop starting new clients after the first failure')
            [CompletionResult]::new('--secret-stdin', '--secret-stdin', [CompletionResultType]::ParameterName, 'Read the project secret from the first line of stdin instead of STYTCH_SECRET')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object: the result on stdout, or the error on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no progress or summary lines on stderr (errors and warnings still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no progress or summary lines on stderr (errors and warnings still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'stytch-m2m;rotate;help' {
            [CompletionResult]::new('start', 'start', [CompletionResultType]::ParameterValue, 'Mint the next secret; old and new both work until `complete` or `cancel`')
            [CompletionResult]::new('complete', 'complete', [CompletionResultType]::ParameterValue, 'Prove the next secret gets a token, then make it the only secret; the old one stops working')
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'Discard the next secret; the current one keeps working')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'A whole rotation: start, store, verify, deploy, check, soak, complete; resumable')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show whether a rotation is pending, the last four of each secret, and the next step')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'stytch-m2m;rotate;help;start' {
            break
        }
        'stytch-m2m;rotate;help;complete' {
            break
        }
        'stytch-m2m;rotate;help;cancel' {
            break
        }
        'stytch-m2m;rotate;help;run' {
            break
        }
        'stytch-m2m;rotate;help;status' {
            break
        }
        'stytch-m2m;rotate;help;help' {
            break
        }
        'stytch-m2m;secret' {
            [CompletionResult]::new('--project-id', '--project-id', [CompletionResultType]::ParameterName, 'Stytch project id (project-test-… or project-live-…)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of config.toml (made by `auth login`) instead of the default one')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Stytch API base URL [default: https://api.stytch.com for live projects, https://test.stytch.com otherwise]')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Also trust this CA certificate (PEM), e.g. a TLS-inspecting proxy''s')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each request to Stytch')
            [CompletionResult]::new('--keyring-timeout', '--keyring-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)')
            [CompletionResult]::new('--secret-stdin', '--secret-stdin', [CompletionResultType]::ParameterName, 'Read the project secret from the first line of stdin instead of STYTCH_SECRET')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object: the result on stdout, or the error on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no progress or summary lines on stderr (errors and warnings still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no progress or summary lines on stderr (errors and warnings still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print a stored secret on stdout, for scripts')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a stored secret from the keyring')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Prove that a client secret gets an access token, without rotating: ok (0) or rejected (9)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'stytch-m2m;secret;get' {
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'The M2M client''s id (m2m-client-test-… or m2m-client-live-…)')
            [CompletionResult]::new('--project-id', '--project-id', [CompletionResultType]::ParameterName, 'Stytch project id (project-test-… or project-live-…)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of config.toml (made by `auth login`) instead of the default one')
            [CompletionResult]::new('--keyring-timeout', '--keyring-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)')
            [CompletionResult]::new('--next', '--next', [CompletionResultType]::ParameterName, 'The pending (next) secret instead of the current one')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object: the result on stdout, or the error on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no progress or summary lines on stderr (errors and warnings still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no progress or summary lines on stderr (errors and warnings still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'stytch-m2m;secret;delete' {
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'The M2M client''s id (m2m-client-test-… or m2m-client-live-…)')
            [CompletionResult]::new('--project-id', '--project-id', [CompletionResultType]::ParameterName, 'Stytch project id (project-test-… or project-live-…)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of config.toml (made by `auth login`) instead of the default one')
            [CompletionResult]::new('--keyring-timeout', '--keyring-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)')
            [CompletionResult]::new('--next', '--next', [CompletionResultType]::ParameterName, 'The pending (next) secret instead of the current one')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required without a terminal)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object: the result on stdout, or the error on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no progress or summary lines on stderr (errors and warnings still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no progress or summary lines on stderr (errors and warnings still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'stytch-m2m;secret;verify' {
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'The M2M client''s id (m2m-client-test-… or m2m-client-live-…)')
            [CompletionResult]::new('--from-file', '--from-file', [CompletionResultType]::ParameterName, 'Verify the secret in this file instead of the keyring''s (the whole file, trimmed)')
            [CompletionResult]::new('--project-id', '--project-id', [CompletionResultType]::ParameterName, 'Stytch project id (project-test-… or project-live-…)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of config.toml (made by `auth login`) instead of the default one')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Stytch API base URL [default: https://api.stytch.com for live projects, https://test.stytch.com otherwise]')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Also trust this CA certificate (PEM), e.g. a TLS-inspecting proxy''s')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each request to Stytch')
            [CompletionResult]::new('--keyring-timeout', '--keyring-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)')
            [CompletionResult]::new('--next', '--next', [CompletionResultType]::ParameterName, 'The pending (next) secret instead of the current one')
            [CompletionResult]::new('--from-stdin', '--from-stdin', [CompletionResultType]::ParameterName, 'Verify the secret on the first line of stdin instead of the keyring''s (hidden at a terminal)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object: the result on stdout, or the error on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no progress or summary lines on stderr (errors and warnings still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no progress or summary lines on stderr (errors and warnings still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'stytch-m2m;secret;help' {
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print a stored secret on stdout, for scripts')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a stored secret from the keyring')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Prove that a client secret gets an access token, without rotating: ok (0) or rejected (9)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'stytch-m2m;secret;help;get' {
            break
        }
        'stytch-m2m;secret;help;delete' {
            break
        }
        'stytch-m2m;secret;help;verify' {
            break
        }
        'stytch-m2m;secret;help;help' {
            break
        }
        'stytch-m2m;token' {
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'The M2M client''s id (m2m-client-test-… or m2m-client-live-…)')
            [CompletionResult]::new('--from-file', '--from-file', [CompletionResultType]::ParameterName, 'Use the secret in this file instead of the keyring''s (the whole file, trimmed)')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Ask for this scope only (repeatable; default: every scope the client has)')
            [CompletionResult]::new('--project-id', '--project-id', [CompletionResultType]::ParameterName, 'Stytch project id (project-test-… or project-live-…)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of config.toml (made by `auth login`) instead of the default one')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Stytch API base URL [default: https://api.stytch.com for live projects, https://test.stytch.com otherwise]')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Also trust this CA certificate (PEM), e.g. a TLS-inspecting proxy''s')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each request to Stytch')
            [CompletionResult]::new('--keyring-timeout', '--keyring-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)')
            [CompletionResult]::new('--next', '--next', [CompletionResultType]::ParameterName, 'The pending (next) secret instead of the current one')
            [CompletionResult]::new('--from-stdin', '--from-stdin', [CompletionResultType]::ParameterName, 'Use the secret on the first line of stdin instead of the keyring''s (hidden at a terminal)')
            [CompletionResult]::new('--secret-stdin', '--secret-stdin', [CompletionResultType]::ParameterName, 'Read the project secret from the first line of stdin instead of STYTCH_SECRET')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object: the result on stdout, or the error on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no progress or summary lines on stderr (errors and warnings still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no progress or summary lines on stderr (errors and warnings still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'stytch-m2m;auth' {
            [CompletionResult]::new('--project-id', '--project-id', [CompletionResultType]::ParameterName, 'Stytch project id (project-test-… or project-live-…)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of config.toml (made by `auth login`) instead of the default one')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Stytch API base URL [default: https://api.stytch.com for live projects, https://test.stytch.com otherwise]')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Also trust this CA certificate (PEM), e.g. a TLS-inspecting proxy''s')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each request to Stytch')
            [CompletionResult]::new('--keyring-timeout', '--keyring-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)')
            [CompletionResult]::new('--secret-stdin', '--secret-stdin', [CompletionResultType]::ParameterName, 'Read the project secret from the first line of stdin instead of STYTCH_SECRET')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object: the result on stdout, or the error on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no progress or summary lines on stderr (errors and warnings still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no progress or summary lines on stderr (errors and warnings still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Prove a project id and secret against Stytch, then keep the secret in the OS keyring')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show each profile: project, base URL, where the secret comes from, and whether it works')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Remove a profile and its project secret from the keyring')
            [CompletionResult]::new('switch', 'switch', [CompletionResultType]::ParameterValue, 'Make a profile the default')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'stytch-m2m;auth;login' {
            [CompletionResult]::new('--project-id', '--project-id', [CompletionResultType]::ParameterName, 'Stytch project id (project-test-… or project-live-…)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of config.toml (made by `auth login`) instead of the default one')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Stytch API base URL [default: https://api.stytch.com for live projects, https://test.stytch.com otherwise]')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Also trust this CA certificate (PEM), e.g. a TLS-inspecting proxy''s')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each request to Stytch')
            [CompletionResult]::new('--keyring-timeout', '--keyring-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Replace an existing profile without asking (required without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Replace an existing profile without asking (required without a terminal)')
            [CompletionResult]::new('--secret-stdin', '--secret-stdin', [CompletionResultType]::ParameterName, 'Read the project secret from the first line of stdin instead of STYTCH_SECRET')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object: the result on stdout, or the error on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no progress or summary lines on stderr (errors and warnings still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no progress or summary lines on stderr (errors and warnings still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'stytch-m2m;auth;status' {
            [CompletionResult]::new('--project-id', '--project-id', [CompletionResultType]::ParameterName, 'Stytch project id (project-test-… or project-live-…)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of config.toml (made by `auth login`) instead of the default one')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Stytch API base URL [default: https://api.stytch.com for live projects, https://test.stytch.com otherwise]')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Also trust this CA certificate (PEM), e.g. a TLS-inspecting proxy''s')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each request to Stytch')
            [CompletionResult]::new('--keyring-timeout', '--keyring-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Send nothing: do not check that the credentials work')
            [CompletionResult]::new('--secret-stdin', '--secret-stdin', [CompletionResultType]::ParameterName, 'Read the project secret from the first line of stdin instead of STYTCH_SECRET')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object: the result on stdout, or the error on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no progress or summary lines on stderr (errors and warnings still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no progress or summary lines on stderr (errors and warnings still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'stytch-m2m;auth;logout' {
            [CompletionResult]::new('--project-id', '--project-id', [CompletionResultType]::ParameterName, 'Stytch project id (project-test-… or project-live-…)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of config.toml (made by `auth login`) instead of the default one')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Stytch API base URL [default: https://api.stytch.com for live projects, https://test.stytch.com otherwise]')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Also trust this CA certificate (PEM), e.g. a TLS-inspecting proxy''s')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each request to Stytch')
            [CompletionResult]::new('--keyring-timeout', '--keyring-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required without a terminal)')
            [CompletionResult]::new('--secret-stdin', '--secret-stdin', [CompletionResultType]::ParameterName, 'Read the project secret from the first line of stdin instead of STYTCH_SECRET')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object: the result on stdout, or the error on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no progress or summary lines on stderr (errors and warnings still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no progress or summary lines on stderr (errors and warnings still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'stytch-m2m;auth;switch' {
            [CompletionResult]::new('--project-id', '--project-id', [CompletionResultType]::ParameterName, 'Stytch project id (project-test-… or project-live-…)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of config.toml (made by `auth login`) instead of the default one')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Stytch API base URL [default: https://api.stytch.com for live projects, https://test.stytch.com otherwise]')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Also trust this CA certificate (PEM), e.g. a TLS-inspecting proxy''s')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each request to Stytch')
            [CompletionResult]::new('--keyring-timeout', '--keyring-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)')
            [CompletionResult]::new('--secret-stdin', '--secret-stdin', [CompletionResultType]::ParameterName, 'Read the project secret from the first line of stdin instead of STYTCH_SECRET')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object: the result on stdout, or the error on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no progress or summary lines on stderr (errors and warnings still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no progress or summary lines on stderr (errors and warnings still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'stytch-m2m;auth;help' {
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Prove a project id and secret against Stytch, then keep the secret in the OS keyring')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show each profile: project, base URL, where the secret comes from, and whether it works')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Remove a profile and its project secret from the keyring')
            [CompletionResult]::new('switch', 'switch', [CompletionResultType]::ParameterValue, 'Make a profile the default')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'stytch-m2m;auth;help;login' {
            break
        }
        'stytch-m2m;auth;help;status' {
            break
        }
        'stytch-m2m;auth;help;logout' {
            break
        }
        'stytch-m2m;auth;help;switch' {
            break
        }
        'stytch-m2m;auth;help;help' {
            break
        }
        'stytch-m2m;clients' {
            [CompletionResult]::new('--project-id', '--project-id', [CompletionResultType]::ParameterName, 'Stytch project id (project-test-… or project-live-…)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of config.toml (made by `auth login`) instead of the default one')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Stytch API base URL [default: https://api.stytch.com for live projects, https://test.stytch.com otherwise]')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Also trust this CA certificate (PEM), e.g. a TLS-inspecting proxy''s')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each request to Stytch')
            [CompletionResult]::new('--keyring-timeout', '--keyring-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)')
            [CompletionResult]::new('--secret-stdin', '--secret-stdin', [CompletionResultType]::ParameterName, 'Read the project secret from the first line of stdin instead of STYTCH_SECRET')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object: the result on stdout, or the error on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no progress or summary lines on stderr (errors and warnings still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no progress or summary lines on stderr (errors and warnings still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'A table of clients: id, name, status, last four of the secret and of a pending one')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a client and keep its one-time secret as `rotate start` keeps a new one: in the keyring, a new file, or on stdout; then prove it gets a token')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a client: its secrets stop getting tokens (tokens already issued stay valid until they expire)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'stytch-m2m;clients;list' {
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'The M2M client''s id (m2m-client-test-… or m2m-client-live-…); repeat for several')
            [CompletionResult]::new('--clients-from', '--clients-from', [CompletionResultType]::ParameterName, 'Client ids from this file, one a line (# comments and blank lines ignored; - for stdin)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Clients with this exact name (repeatable: any of them)')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Clients that have this scope (repeatable: any of them)')
            [CompletionResult]::new('--older-than', '--older-than', [CompletionResultType]::ParameterName, 'Only clients whose recorded last rotation (--record) is older than AGE (90d, 12h, 30m, 45s), and clients never recorded (their age is unknown); alone: every such client')
            [CompletionResult]::new('--project-id', '--project-id', [CompletionResultType]::ParameterName, 'Stytch project id (project-test-… or project-live-…)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of config.toml (made by `auth login`) instead of the default one')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Stytch API base URL [default: https://api.stytch.com for live projects, https://test.stytch.com otherwise]')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Also trust this CA certificate (PEM), e.g. a TLS-inspecting proxy''s')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each request to Stytch')
            [CompletionResult]::new('--keyring-timeout', '--keyring-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Every client of the project')
            [CompletionResult]::new('--pending', '--pending', [CompletionResultType]::ParameterName, 'Only clients with a rotation pending (alone: every such client of the project)')
            [CompletionResult]::new('--secret-stdin', '--secret-stdin', [CompletionResultType]::ParameterName, 'Read the project secret from the first line of stdin instead of STYTCH_SECRET')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object: the result on stdout, or the error on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no progress or summary lines on stderr (errors and warnings still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no progress or summary lines on stderr (errors and warnings still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'stytch-m2m;clients;create' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'The new client''s name (client_name)')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'A scope to give the client (repeatable; at least one)')
            [CompletionResult]::new('--description', '--description', [CompletionResultType]::ParameterName, 'The new client''s description (client_description)')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'Create the client with this id instead of a new one (it must not exist)')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Write the new client''s secret to this new file (mode 0600; never overwrites) instead of printing it')
            [CompletionResult]::new('--secret-dir', '--secret-dir', [CompletionResultType]::ParameterName, 'Write the new client''s secret to a new file (0600) in DIR, named by the client id')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait while another stytch-m2m process works on the same client')
            [CompletionResult]::new('--project-id', '--project-id', [CompletionResultType]::ParameterName, 'Stytch project id (project-test-… or project-live-…)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of config.toml (made by `auth login`) instead of the default one')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Stytch API base URL [default: https://api.stytch.com for live projects, https://test.stytch.com otherwise]')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Also trust this CA certificate (PEM), e.g. a TLS-inspecting proxy''s')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each request to Stytch')
            [CompletionResult]::new('--keyring-timeout', '--keyring-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)')
            [CompletionResult]::new('--keyring', '--keyring', [CompletionResultType]::ParameterName, 'Store the new client''s secret in the OS keyring instead of printing it')
            [CompletionResult]::new('--no-journal', '--no-journal', [CompletionResultType]::ParameterName, 'Keep no journal; the per-client lock is still taken (also STYTCH_M2M_NO_JOURNAL=1)')
            [CompletionResult]::new('--record', '--record', [CompletionResultType]::ParameterName, 'Create the client with its rotation record (trusted_metadata.stytch_m2m): idle, its secret made now (also STYTCH_M2M_RECORD=1)')
            [CompletionResult]::new('--no-record', '--no-record', [CompletionResultType]::ParameterName, 'Create the client without a record, whatever STYTCH_M2M_RECORD or the profile says')
            [CompletionResult]::new('--secret-stdin', '--secret-stdin', [CompletionResultType]::ParameterName, 'Read the project secret from the first line of stdin instead of STYTCH_SECRET')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object: the result on stdout, or the error on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no progress or summary lines on stderr (errors and warnings still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no progress or summary lines on stderr (errors and warnings still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'stytch-m2m;clients;delete' {
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'The M2M client''s id (m2m-client-test-… or m2m-client-live-…)')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait while another stytch-m2m process works on the same client')
            [CompletionResult]::new('--project-id', '--project-id', [CompletionResultType]::ParameterName, 'Stytch project id (project-test-… or project-live-…)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of config.toml (made by `auth login`) instead of the default one')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Stytch API base URL [default: https://api.stytch.com for live projects, https://test.stytch.com otherwise]')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Also trust this CA certificate (PEM), e.g. a TLS-inspecting proxy''s')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each request to Stytch')
            [CompletionResult]::new('--keyring-timeout', '--keyring-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required without a terminal)')
            [CompletionResult]::new('--no-journal', '--no-journal', [CompletionResultType]::ParameterName, 'Keep no journal; the per-client lock is still taken (also STYTCH_M2M_NO_JOURNAL=1)')
            [CompletionResult]::new('--secret-stdin', '--secret-stdin', [CompletionResultType]::ParameterName, 'Read the project secret from the first line of stdin instead of STYTCH_SECRET')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object: the result on stdout, or the error on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no progress or summary lines on stderr (errors and warnings still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no progress or summary lines on stderr (errors and warnings still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'stytch-m2m;clients;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'A table of clients: id, name, status, last four of the secret and of a pending one')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a client and keep its one-time secret as `rotate start` keeps a new one: in the keyring, a new file, or on stdout; then prove it gets a token')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a client: its secrets stop getting tokens (tokens already issued stay valid until they expire)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'stytch-m2m;clients;help;list' {
            break
        }
        'stytch-m2m;clients;help;create' {
            break
        }
        'stytch-m2m;clients;help;delete' {
            break
        }
        'stytch-m2m;clients;help;help' {
            break
        }
        'stytch-m2m;completions' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'stytch-m2m;history' {
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'Only this client''s entries')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'How many of the newest entries to show')
            [CompletionResult]::new('--project-id', '--project-id', [CompletionResultType]::ParameterName, 'Stytch project id (project-test-… or project-live-…)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of config.toml (made by `auth login`) instead of the default one')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object: the result on stdout, or the error on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no progress or summary lines on stderr (errors and warnings still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no progress or summary lines on stderr (errors and warnings still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'stytch-m2m;doctor' {
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'Also check that this client exists, show its rotation state, and check that its secret in the keyring (if any) gets a token')
            [CompletionResult]::new('--project-id', '--project-id', [CompletionResultType]::ParameterName, 'Stytch project id (project-test-… or project-live-…)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of config.toml (made by `auth login`) instead of the default one')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Stytch API base URL [default: https://api.stytch.com for live projects, https://test.stytch.com otherwise]')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Also trust this CA certificate (PEM), e.g. a TLS-inspecting proxy''s')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each request to Stytch')
            [CompletionResult]::new('--keyring-timeout', '--keyring-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each keyring call (a locked keyring may wait for an unlock prompt)')
            [CompletionResult]::new('--secret-stdin', '--secret-stdin', [CompletionResultType]::ParameterName, 'Read the project secret from the first line of stdin instead of STYTCH_SECRET')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object: the result on stdout, or the error on stderr')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no progress or summary lines on stderr (errors and warnings still print)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no progress or summary lines on stderr (errors and warnings still print)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'stytch-m2m;help' {
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Start, complete, cancel or inspect a client secret rotation')
            [CompletionResult]::new('secret', 'secret', [CompletionResultType]::ParameterValue, 'Read, delete or verify a client secret (verify: does it still get a token?)')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Print an access token for a client, got with its stored secret (never the secret itself)')
            [CompletionResult]::new('auth', 'auth', [CompletionResultType]::ParameterValue, 'Keep the project secret in the OS keyring, under named profiles (login, status, logout, switch)')
            [CompletionResult]::new('clients', 'clients', [CompletionResultType]::ParameterValue, 'List the project''s M2M clients and their rotation state; create or delete one')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (bash, zsh, fish, powershell, elvish)')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'Show what this machine''s journal recorded: who rotated which client, when, and how it ended')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check credentials, the connection to Stytch and the keyring, with a fix for each problem')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'stytch-m2m;help;rotate' {
            [CompletionResult]::new('start', 'start', [CompletionResultType]::ParameterValue, 'Mint the next secret; old and new both work until `complete` or `cancel`')
            [CompletionResult]::new('complete', 'complete', [CompletionResultType]::ParameterValue, 'Prove the next secret gets a token, then make it the only secret; the old one stops working')
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'Discard the next secret; the current one keeps working')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'A whole rotation: start, store, verify, deploy, check, soak, complete; resumable')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show whether a rotation is pending, the last four of each secret, and the next step')
            break
        }
        'stytch-m2m;help;rotate;start' {
            break
        }
        'stytch-m2m;help;rotate;complete' {
            break
        }
        'stytch-m2m;help;rotate;cancel' {
            break
        }
        'stytch-m2m;help;rotate;run' {
            break
        }
        'stytch-m2m;help;rotate;status' {
            break
        }
        'stytch-m2m;help;secret' {
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print a stored secret on stdout, for scripts')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a stored secret from the keyring')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Prove that a client secret gets an access token, without rotating: ok (0) or rejected (9)')
            break
        }
        'stytch-m2m;help;secret;get' {
            break
        }
        'stytch-m2m;help;secret;delete' {
            break
        }
        'stytch-m2m;help;secret;verify' {
            break
        }
        'stytch-m2m;help;token' {
            break
        }
        'stytch-m2m;help;auth' {
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Prove a project id and secret against Stytch, then keep the secret in the OS keyring')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show each profile: project, base URL, where the secret comes from, and whether it works')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Remove a profile and its project secret from the keyring')
            [CompletionResult]::new('switch', 'switch', [CompletionResultType]::ParameterValue, 'Make a profile the default')
            break
        }
        'stytch-m2m;help;auth;login' {
            break
        }
        'stytch-m2m;help;auth;status' {
            break
        }
        'stytch-m2m;help;auth;logout' {
            break
        }
        'stytch-m2m;help;auth;switch' {
            break
        }
        'stytch-m2m;help;clients' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'A table of clients: id, name, status, last four of the secret and of a pending one')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a client and keep its one-time secret as `rotate start` keeps a new one: in the keyring, a new file, or on stdout; then prove it gets a token')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a client: its secrets stop getting tokens (tokens already issued stay valid until they expire)')
            break
        }
        'stytch-m2m;help;clients;list' {
            break
        }
        'stytch-m2m;help;clients;create' {
            break
        }
        'stytch-m2m;help;clients;delete' {
            break
        }
        'stytch-m2m;help;completions' {
            break
        }
        'stytch-m2m;help;history' {
            break
        }
        'stytch-m2m;help;doctor' {
            break
        }
        'stytch-m2m;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
