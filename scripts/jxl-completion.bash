# Bash completion for jxl: subcommands, their options, domain names (from jxend), files where a command
# takes one. Install: `. scripts/jxl-completion.bash` in ~/.bashrc, or copy it to
# /etc/bash_completion.d/jxl. The subcommands and options are read from `jxl help` and `jxl help COMMAND`
# (once per shell), the domains from `jxl list` (each time), so they are always jxl's own.
_jxl_globals_with_value='--host --user --password-file --socket'

_jxl() {
    local cur=${COMP_WORDS[COMP_CWORD]} jxl=${COMP_WORDS[0]} i cmd= cmdpos= globals=()
    for ((i = 1; i < COMP_CWORD; i++)); do
        case " $_jxl_globals_with_value " in
            *" ${COMP_WORDS[i]} "*) globals+=("${COMP_WORDS[i]}" "${COMP_WORDS[i + 1]}"); ((i++)); continue ;;
        esac
        case ${COMP_WORDS[i]} in
            -*) globals+=("${COMP_WORDS[i]}") ;;
            *) cmd=${COMP_WORDS[i]}; cmdpos=$i; break ;;
        esac
    done
    COMPREPLY=()
    if [ -z "$cmd" ]; then
        if [[ $cur == -* ]]; then
            mapfile -t COMPREPLY < <(compgen -W "-N --insecure --help $_jxl_globals_with_value" -- "$cur")
        else
            [ -n "${_jxl_commands:-}" ] || _jxl_commands=$("$jxl" help 2> /dev/null | awk '/^ [a-z]/ { print $1 }')
            mapfile -t COMPREPLY < <(compgen -W "$_jxl_commands help" -- "$cur")
        fi
        return
    fi
    if [[ $cur == -* ]]; then
        local opts
        opts=$("$jxl" help "$cmd" 2> /dev/null | grep -oE '^-[a-zA-Z](, --[a-zA-Z0-9_-]+)?' | tr ',' '\n' | tr -d ' ')
        mapfile -t COMPREPLY < <(compgen -W "$opts" -- "$cur")
        return
    fi
    local nth=$((COMP_CWORD - cmdpos))   # which argument of the command (options counted too)
    case $cmd in
        create|restore|help) mapfile -t COMPREPLY < <(compgen -f -- "$cur"); return ;;
        save) if [ "$nth" -ge 2 ]; then mapfile -t COMPREPLY < <(compgen -f -- "$cur"); return; fi ;;
        info|dmesg) return ;;
    esac
    local domains
    domains=$("$jxl" "${globals[@]}" list 2> /dev/null | awk 'NR > 1 { print $1 }')
    mapfile -t COMPREPLY < <(compgen -W "$domains" -- "$cur")
}
complete -F _jxl jxl
complete -F _jxl bin/jxl
