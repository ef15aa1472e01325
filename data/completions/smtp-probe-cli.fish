# smtp-probe-cli.fish
# SPDX-License-Identifier: GPL-3.0-or-later
#
# fish completion for smtp-probe-cli, installed in
# share/fish/vendor_completions.d. tests/check-unix.py checks that it names
# every long option of --help.

# The scenarios, as the tool being completed lists them.
function __smtp_probe_cli_scenarios
    set -l cli (commandline -opc)[1]
    echo -e 'list\tList the scenarios'
    $cli --practice list 2>/dev/null
end

# Directories, and the files whose names end in one of the given
# extensions, under the value being typed (after "--option=" if any).
function __smtp_probe_cli_files
    set -l value (commandline -ct | string replace -r -- '^--?[^=]*=' '')
    for path in $value*
        if test -d $path
            echo $path/
        else
            for ext in $argv
                string match -q -- "*$ext" $path; and echo $path; and break
            end
        end
    end
end

# Files for --output: the format follows the extension, and a list's
# summary (--batch) has its own formats.
function __smtp_probe_cli_output
    if string match -qr -- '^(-b|--batch(=.*)?)$' (commandline -opc)
        __smtp_probe_cli_files .txt .csv .json
    else
        __smtp_probe_cli_files .txt .html .json
    end
end

complete -c smtp-probe-cli -f

complete -c smtp-probe-cli -s s -l server -x -a '(__fish_print_hostnames)' -d "Test this server instead of the domain's mail servers"
complete -c smtp-probe-cli -s p -l port -x -a '25 465 587 2525' -d 'Port to connect to'
complete -c smtp-probe-cli -l tls -x -d 'Encryption' -a "
    off\t'Plain text'
    opportunistic\t'STARTTLS when offered (default)'
    required\t'STARTTLS or fail'
    implicit\t'TLS from the first byte, as on port 465'"
complete -c smtp-probe-cli -l ca-file -x -a '(__smtp_probe_cli_files .pem .crt .cer)' -d 'Also trust the certificate authorities in this PEM file'
complete -c smtp-probe-cli -l accept-certificate -x -d 'Trust the server certificate with this SHA-256 fingerprint'
complete -c smtp-probe-cli -l auth-user -x -d 'Log in as this user before MAIL FROM'
complete -c smtp-probe-cli -l auth-allow-plaintext -d 'Log in even without encryption'
complete -c smtp-probe-cli -s f -l from -x -d 'Sender address for MAIL FROM and the From header'
complete -c smtp-probe-cli -s e -l ehlo -x -a '(__fish_print_hostnames)' -d 'Name to greet the server with'
complete -c smtp-probe-cli -l subject -x -d 'Subject of the test message'
complete -c smtp-probe-cli -l body -x -d 'Text of the test message'
complete -c smtp-probe-cli -l notify -x -a '(__fish_append , success failure delay never)' -d 'Delivery notifications to ask for'
complete -c smtp-probe-cli -s n -l no-send -d 'Check the recipient only; send no message'
complete -c smtp-probe-cli -s a -l all-mx -d 'Test every mail server and every address'
complete -c smtp-probe-cli -l pipelining -d 'Send MAIL FROM, RCPT TO and DATA in one go when offered'
complete -c smtp-probe-cli -s d -l dns-server -x -d 'DNS servers to ask'
complete -c smtp-probe-cli -s t -l timeout -x -d 'Time limit for each step in seconds'
complete -c smtp-probe-cli -l deadline -x -d 'Time limit for the whole test in seconds'
complete -c smtp-probe-cli -l max-attempts -x -d 'Connect to at most N addresses'
complete -c smtp-probe-cli -s j -l json -d 'Print the report as JSON instead of the live log'
complete -c smtp-probe-cli -s o -l output -x -a '(__smtp_probe_cli_output)' -d 'Save the log (.txt, .html or .json; with --batch .txt, .csv or .json)'
complete -c smtp-probe-cli -l color -x -a 'auto always never' -d 'Colour server replies'
complete -c smtp-probe-cli -s 4 -l ipv4 -d 'Use IPv4 addresses only'
complete -c smtp-probe-cli -s 6 -l ipv6 -d 'Use IPv6 addresses only'
complete -c smtp-probe-cli -s V -l version -d 'Show the version and exit'
complete -c smtp-probe-cli -s h -l help -d 'Show help options'
complete -c smtp-probe-cli -l practice -x -a '(__smtp_probe_cli_scenarios)' -d 'Practise against a simulated server'
complete -c smtp-probe-cli -s i -l interactive -d 'Type SMTP commands by hand'
complete -c smtp-probe-cli -s b -l batch -r -F -a '-' -d 'Test every target in FILE, one per line'
complete -c smtp-probe-cli -l jobs -x -d 'With --batch, test N targets at once'
complete -c smtp-probe-cli -l in-order -d 'With --batch, print the targets in the order of the list'
