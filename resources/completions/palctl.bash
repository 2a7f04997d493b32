# bash completion for palctl (PAL Desk's command line).
# Install: copy to /usr/share/bash-completion/completions/palctl, or `source` it from ~/.bashrc.

_palctl()
{
    local cur prev words cword
    _init_completion 2>/dev/null || {
        cur="${COMP_WORDS[COMP_CWORD]}"
        prev="${COMP_WORDS[COMP_CWORD-1]}"
        words=("${COMP_WORDS[@]}")
        cword=$COMP_CWORD
    }

    local global="--cloud --output -o --verbose --sandbox --help -h --version"
    local groups="cloud login logout account directory partner attribution settings history"

    # The command's words: the first two arguments that are not options or option values.
    local group="" sub="" i w
    for ((i = 1; i < cword; i++)); do
        w="${words[i]}"
        case "$w" in
            --cloud|--output|-o|--tenant|--client-id|--client-secret-file|--certificate|--certificate-password-file|\
            --account|--partner-id|--directory|--concurrency|--report|--name|--login-endpoint|--arm-endpoint|\
            --arm-scope|--portal-url|--file|--limit)
                ((i++)) ;;
            -*) ;;
            *)
                if [[ -z "$group" ]]; then group="$w"; elif [[ -z "$sub" ]]; then sub="$w"; fi ;;
        esac
    done

    case "$prev" in
        --output|-o) COMPREPLY=($(compgen -W "json table tsv" -- "$cur")); return ;;
        --cloud) COMPREPLY=($(compgen -W "$(palctl cloud list -o tsv 2>/dev/null | cut -f1)" -- "$cur")); return ;;
        --certificate|--client-secret-file|--certificate-password-file|--report|--file)
            COMPREPLY=($(compgen -f -- "$cur")); return ;;
        --tenant|--client-id|--account|--partner-id|--directory|--concurrency|--name|--login-endpoint|\
        --arm-endpoint|--arm-scope|--portal-url|--limit)
            return ;;
    esac

    local options=""
    case "$group" in
        "") COMPREPLY=($(compgen -W "$groups $global" -- "$cur")); return ;;
        cloud)
            case "$sub" in
                "") COMPREPLY=($(compgen -W "list show set register unregister" -- "$cur")); return ;;
                show|set|unregister)
                    if [[ "$cur" != -* ]]; then
                        COMPREPLY=($(compgen -W "$(palctl cloud list -o tsv 2>/dev/null | cut -f1)" -- "$cur"))
                        return
                    fi ;;
                register) options="--name --login-endpoint --arm-endpoint --arm-scope --portal-url --file" ;;
            esac ;;
        login)
            options="--tenant --device-code --client-id --service-principal --client-secret-stdin --client-secret-file
                     --certificate --certificate-password-stdin --certificate-password-file" ;;
        logout) options="--account --all" ;;
        account)
            case "$sub" in
                "") COMPREPLY=($(compgen -W "list show set" -- "$cur")); return ;;
                show|set)
                    if [[ "$cur" != -* ]]; then
                        COMPREPLY=($(compgen -W "$(palctl account list -o tsv 2>/dev/null | cut -f1)" -- "$cur"))
                        return
                    fi ;;
            esac ;;
        directory)
            case "$sub" in
                "") COMPREPLY=($(compgen -W "list show switch verify-all" -- "$cur")); return ;;
                list) options="--no-link-state" ;;
                switch)
                    if [[ "$cur" != -* ]]; then
                        local IFS=$'\n'
                        COMPREPLY=($(compgen -W "$(palctl directory list --no-link-state -o tsv 2>/dev/null | cut -f2)" -- "$cur"))
                        return
                    fi ;;
                verify-all) options="--partner-id --concurrency --report" ;;
            esac ;;
        partner)
            case "$sub" in
                "") COMPREPLY=($(compgen -W "show create update delete" -- "$cur")); return ;;
                show|create|update) options="--partner-id --directory" ;;
                delete) options="--partner-id --directory --yes" ;;
            esac ;;
        attribution)
            case "$sub" in
                "") COMPREPLY=($(compgen -W "show" -- "$cur")); return ;;
                show) options="--directory" ;;
            esac ;;
        settings)
            case "$sub" in
                "") COMPREPLY=($(compgen -W "show set unset" -- "$cur")); return ;;
                set|unset)
                    if [[ "$cur" != -* && "$prev" == "$sub" ]]; then
                        COMPREPLY=($(compgen -W "partner-id" -- "$cur")); return
                    fi
                    options="--account" ;;
            esac ;;
        history)
            case "$sub" in
                "") COMPREPLY=($(compgen -W "list export" -- "$cur")); return ;;
                list) options="--directory --limit" ;;
                export)
                    if [[ "$cur" != -* ]]; then COMPREPLY=($(compgen -f -X '!*.csv' -- "$cur")); return; fi
                    options="--directory" ;;
            esac ;;
    esac
    COMPREPLY=($(compgen -W "$options $global" -- "$cur"))
}
complete -F _palctl palctl
