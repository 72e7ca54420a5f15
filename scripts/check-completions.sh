#!/usr/bin/env bash
# Loads each checked-in completion script in its real shell and asks it for a completion:
# a script that errors, or completes nothing, fails.
set -euo pipefail
cd "$(dirname "$0")/../completions"

echo "bash: $(bash --version | head -1)"
bash -c '
  set -e
  source ./stytch-m2m.bash
  COMP_WORDS=(stytch-m2m rot); COMP_CWORD=1; COMP_LINE="stytch-m2m rot"; COMP_POINT=${#COMP_LINE}
  _stytch__m2m stytch-m2m rot stytch-m2m
  printf "%s\n" "${COMPREPLY[@]}" | grep -qx rotate
  COMP_WORDS=(stytch-m2m rotate start --ke); COMP_CWORD=3; COMP_LINE="stytch-m2m rotate start --ke"; COMP_POINT=${#COMP_LINE}
  _stytch__m2m stytch-m2m --ke start
  printf "%s\n" "${COMPREPLY[@]}" | grep -qx -- --keyring
'
echo "bash: ok"

echo "zsh: $(zsh --version)"
zsh -f -c '
  autoload -Uz compinit && compinit -u -d "$(mktemp)"
  source ./_stytch-m2m
  [[ ${_comps[stytch-m2m]} == _stytch-m2m ]] || { echo "zsh: not registered" >&2; exit 1 }
  (( $+functions[_stytch-m2m] )) || { echo "zsh: no completion function" >&2; exit 1 }
'
echo "zsh: ok"

echo "fish: $(fish --version)"
fish --no-config -c '
  source ./stytch-m2m.fish; or exit 1
  complete -C "stytch-m2m rot" | string match -q -r "^rotate\t"; or exit 1
  complete -C "stytch-m2m rotate start --ke" | string match -q -r "^--keyring"; or exit 1
'
echo "fish: ok"
