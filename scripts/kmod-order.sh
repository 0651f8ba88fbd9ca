# Sourced by the guest-building scripts: kernel modules in load order
# from a Debian kernel package, which ships no modules.dep. Each
# module's .modinfo section names what it needs ("depends=a,b");
# binutils' readelf dumps it for a module of any architecture.
#
#   kmod_order MODDIR NAME...   prints NAME... and all they depend on,
#                               dependencies first, one per line
#   kmod_path MODDIR NAME       the .ko of NAME ("-" and "_" alike)
#
# Both print nothing and return 1 for a module that is not there.

kmod_path() {
    _p=$(find "$1" -name "$(echo "$2" | tr _ -).ko" | head -n 1)
    [ -n "$_p" ] ||
        _p=$(find "$1" -name "$(echo "$2" | tr - _).ko" | head -n 1)
    [ -n "$_p" ] || return 1
    echo "$_p"
}

kmod_order() {
    _dir=$1
    shift
    _order=" "
    _visit() {
        case "$_order" in *" $1 "*) return 0 ;; esac
        _ko=$(kmod_path "$_dir" "$1") || {
            echo "kmod-order: no module $1 in $_dir" >&2
            return 1
        }
        for _d in $(readelf -p .modinfo "$_ko" 2>/dev/null |
            sed -n 's/^ *\[ *[0-9a-f]*\]  depends=//p' | tr ',' ' '); do
            _visit "$_d" || return 1
        done
        _order="$_order$1 "
    }
    for _m in "$@"; do
        _visit "$_m" || return 1
    done
    for _m in $_order; do
        echo "$_m"
    done
}
