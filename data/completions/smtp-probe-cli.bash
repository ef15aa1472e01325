# smtp-probe-cli.bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# bash completion for smtp-probe-cli, installed as
# share/bash-completion/completions/smtp-probe-cli. Self-contained: it needs
# none of bash-completion's helpers, so it also works sourced on its own.
# tests/check-unix.py checks that it names every long option of --help.

# Adds the files under the word being completed whose names end in one of
# the given extensions, and the directories, to COMPREPLY.
_smtp_probe_cli_files ()
{
  local cur=$1 file ext
  shift
  local IFS=$'\n'

  for file in $(compgen -d -- "$cur"); do
    COMPREPLY+=("$file")
  done
  for file in $(compgen -f -- "$cur"); do
    [[ -d $file ]] && continue
    if [[ $# -eq 0 ]]; then
      COMPREPLY+=("$file")
      continue
    fi
    for ext in "$@"; do
      if [[ $file == *"$ext" ]]; then
        COMPREPLY+=("$file")
        break
      fi
    done
  done
  # Quote special characters and add "/" after directories.
  compopt -o filenames 2>/dev/null
}

_smtp_probe_cli ()
{
  local cur=${COMP_WORDS[COMP_CWORD]}
  local prev=
  local cword=$COMP_CWORD
  local word options values

  COMPREPLY=()

  # bash splits "--tls=req" at "=" into "--tls", "=" and "req".
  if [[ $cur == = ]]; then
    cur=
    prev=${COMP_WORDS[cword - 1]}
  elif (( cword >= 2 )) && [[ ${COMP_WORDS[cword - 1]} == = ]]; then
    prev=${COMP_WORDS[cword - 2]}
  elif (( cword >= 1 )); then
    prev=${COMP_WORDS[cword - 1]}
  fi

  case $prev in
    --tls)
      values="off opportunistic required implicit"
      ;;
    --color)
      values="auto always never"
      ;;
    --notify)
      # A comma-separated list: complete its last item.
      local done_items=
      [[ $cur == *,* ]] && done_items=${cur%,*},
      local IFS=$'\n'
      COMPREPLY=($(compgen -P "$done_items" -W $'success\nfailure\ndelay\nnever' -- "${cur##*,}"))
      [[ -n $done_items ]] && compopt -o nospace 2>/dev/null
      return 0
      ;;
    --practice)
      # The scenarios, as the tool being completed lists them.
      values="list $("${COMP_WORDS[0]}" --practice list 2>/dev/null | cut -f1)"
      ;;
    -o|--output)
      # The format follows the extension; a list's summary has its own formats.
      for word in "${COMP_WORDS[@]}"; do
        if [[ $word == -b || $word == --batch ]]; then
          _smtp_probe_cli_files "$cur" .txt .csv .json
          return 0
        fi
      done
      _smtp_probe_cli_files "$cur" .txt .html .json
      return 0
      ;;
    --ca-file)
      _smtp_probe_cli_files "$cur" .pem .crt .cer
      return 0
      ;;
    -b|--batch)
      [[ -z $cur || $cur == - ]] && COMPREPLY=(-)
      _smtp_probe_cli_files "$cur"
      return 0
      ;;
    -s|--server|-p|--port|-d|--dns-server|--accept-certificate|--auth-user|-f|--from|\
    -e|--ehlo|--subject|--body|-t|--timeout|--deadline|--max-attempts|--jobs)
      # A value of the user's own: nothing to offer.
      return 0
      ;;
  esac

  if [[ -n $values ]]; then
    COMPREPLY=($(compgen -W "$values" -- "$cur"))
    return 0
  fi

  if [[ $cur == -* ]]; then
    options="--server --port --tls --ca-file --accept-certificate --auth-user
      --auth-allow-plaintext --from --ehlo --subject --body --notify --no-send --all-mx
      --pipelining --dns-server --timeout --deadline --max-attempts --json --output --color
      --ipv4 --ipv6 --version --practice --interactive --batch --jobs --in-order --help
      -s -p -f -e -n -a -d -t -j -o -4 -6 -V -i -b -h"
    COMPREPLY=($(compgen -W "$options" -- "$cur"))
  fi

  return 0
}

complete -F _smtp_probe_cli smtp-probe-cli
