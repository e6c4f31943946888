#!/usr/bin/env bash
# Builds the release files into dist/, for one target (x86_64 by default):
#   nianbao-VERSION-ARCH-linux.tar.gz    the binary for glibc 2.17 and later
#       (CentOS 7, Kylin V10, UOS 20, openEuler), stripped, with README,
#       CHANGELOG, LICENSE, THIRD-PARTY-LICENSES.txt, the examples, man pages
#       (English and zh_CN) and shell completions;
#   nianbao_VERSION_DEBARCH.deb          the same files for dpkg -i (Kylin,
#       UOS, Debian, Ubuntu): /usr/bin, /usr/share/man, the completions'
#       system places, /usr/share/doc/nianbao;
#   nianbao-VERSION-1.ARCH.rpm           the same for rpm -i / yum
#       localinstall (CentOS 7, openEuler);
#   nianbao-VERSION-src-vendored.tar.gz  the source with the dependencies a
#       Linux build needs vendored, for `cargo build --release --offline`
#       on an offline machine of another architecture that has Rust;
#   SHA256SUMS                           checksums of all of them.
# Then it checks them as a user would: the binary's newest GLIBC_ symbol
# version is at most 2.17; the tarball and the .deb unpacked run `check` on
# the shipped example (when the target runs here); the packages list their
# files (dpkg-deb -I/-c, rpm -qpl); every subcommand has its man pages.
#
#   scripts/release.sh [TARGET] [--offline]
#
# TARGET: x86_64-unknown-linux-gnu (default) or aarch64-unknown-linux-gnu
# (Kunpeng, Phytium), which needs that target's standard library
# (`rustup target add aarch64-unknown-linux-gnu`). --offline also builds the
# vendored source offline in an empty CARGO_HOME (slow: a full build).
#
# Cross-linking for old glibc uses cargo-zigbuild with Zig, both installed
# from PyPI when absent (pip install cargo-zigbuild ziglang). The .rpm is
# made by rpmbuild (Debian's `rpm` package), installed when absent.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
name=nianbao-$version
target=x86_64-unknown-linux-gnu
offline=
for arg in "$@"; do
  case $arg in
    --offline) offline=1 ;;
    *-linux-gnu) target=$arg ;;
    *) echo "usage: scripts/release.sh [x86_64-unknown-linux-gnu|aarch64-unknown-linux-gnu] [--offline]" >&2; exit 2 ;;
  esac
done
case $target in
  x86_64-unknown-linux-gnu) arch=x86_64 deb_arch=amd64 ;;
  aarch64-unknown-linux-gnu) arch=aarch64 deb_arch=arm64 ;;
  *) echo "release: $target is not a target we package (x86_64 or aarch64 Linux)" >&2; exit 2 ;;
esac
if [ ! -d "$(rustc --print target-libdir --target "$target")" ]; then
  echo "release: no standard library for $target here; rustup target add $target" >&2
  exit 2
fi
glibc=2.17
dist=$root/dist
mkdir -p "$dist"

# Tools: readelf (binutils), Python's pip for cargo-zigbuild and Zig,
# dpkg-deb and rpmbuild. On a fresh Debian machine run as root (CI) they
# are installed first.
need_apt=()
command -v readelf >/dev/null || need_apt+=(binutils)
command -v python3 >/dev/null && python3 -m pip --version >/dev/null 2>&1 || need_apt+=(python3 python3-pip)
command -v dpkg-deb >/dev/null || need_apt+=(dpkg)
command -v rpmbuild >/dev/null || need_apt+=(rpm)
command -v cpio >/dev/null || need_apt+=(cpio)
if [ ${#need_apt[@]} -gt 0 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}"; } >/dev/null 2>&1 || true
fi
for tool in readelf dpkg-deb rpmbuild rpm2cpio cpio; do
  command -v $tool >/dev/null || { echo "release: $tool is needed (apt-get install binutils dpkg rpm cpio)" >&2; exit 1; }
done
if ! command -v cargo-zigbuild >/dev/null || ! python3 -m ziglang version >/dev/null 2>&1; then
  # Debian's Python refuses system-wide pip installs (PEP 668) unless told.
  python3 -m pip install --quiet cargo-zigbuild ziglang 2>/dev/null \
    || python3 -m pip install --quiet --break-system-packages cargo-zigbuild ziglang
  # pip may put cargo-zigbuild in a directory not on PATH.
  PATH=$PATH:$HOME/.local/bin:$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))')
fi

# 1. The binary, linked against glibc 2.17 (stripped by the release profile).
cargo zigbuild --release --target "$target.$glibc" --target-dir target/zig
bin=target/zig/$target/release/nianbao
newest=$(readelf --dyn-syms -W "$bin" | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -V | tail -n 1)
if [ "$(printf '%s\n%s\n' "$newest" "$glibc" | sort -V | tail -n 1)" != "$glibc" ]; then
  echo "release: $bin needs GLIBC_$newest, newer than $glibc" >&2
  exit 1
fi
echo "release: newest glibc symbol version: $newest (<= $glibc)"
# Runs here when it is built for this machine.
runs_here=
[ "$(uname -m)" = "$arch" ] && runs_here=1
# Man pages and completions come from the binary; a foreign one cannot
# make them, so they come from a build for this machine (the same text).
gen=$bin
[ -n "$runs_here" ] || { cargo build --release --quiet; gen=target/release/nianbao; }

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

# 2. The files every form ships, generated once.
files=$stage/files
mkdir -p "$files/man" "$files/completions"
"$gen" manpages "$files/man"
"$gen" completions bash > "$files/completions/nianbao.bash"
"$gen" completions zsh > "$files/completions/_nianbao"
"$gen" completions fish > "$files/completions/nianbao.fish"
python3 scripts/third-party-licenses.py "$target" > "$files/THIRD-PARTY-LICENSES.txt"

# 3. The binary tarball.
pkg=$stage/$name-$arch-linux
mkdir -p "$pkg"
install -m 755 "$bin" "$pkg/nianbao"
cp README.md CHANGELOG.md LICENSE "$files/THIRD-PARTY-LICENSES.txt" "$pkg/"
cp -r examples "$pkg/examples"
cp -r "$files/man" "$files/completions" "$pkg/"
tarball=$name-$arch-linux.tar.gz
tar -C "$stage" --owner=0 --group=0 -czf "$dist/$tarball" "$name-$arch-linux"

# 4. The system layout shared by the .deb and the .rpm.
sys=$stage/root
mkdir -p "$sys/usr/bin" "$sys/usr/share/man/man1" "$sys/usr/share/man/zh_CN/man1" \
  "$sys/usr/share/bash-completion/completions" "$sys/usr/share/zsh/vendor-completions" \
  "$sys/usr/share/fish/vendor_completions.d" "$sys/usr/share/doc/nianbao"
install -m 755 "$bin" "$sys/usr/bin/nianbao"
for page in "$files"/man/man1/*.1; do gzip -9n < "$page" > "$sys/usr/share/man/man1/$(basename "$page").gz"; done
for page in "$files"/man/zh_CN/man1/*.1; do gzip -9n < "$page" > "$sys/usr/share/man/zh_CN/man1/$(basename "$page").gz"; done
install -m 644 "$files/completions/nianbao.bash" "$sys/usr/share/bash-completion/completions/nianbao"
install -m 644 "$files/completions/_nianbao" "$sys/usr/share/zsh/vendor-completions/_nianbao"
install -m 644 "$files/completions/nianbao.fish" "$sys/usr/share/fish/vendor_completions.d/nianbao.fish"
install -m 644 README.md LICENSE "$files/THIRD-PARTY-LICENSES.txt" "$sys/usr/share/doc/nianbao/"
gzip -9n < CHANGELOG.md > "$sys/usr/share/doc/nianbao/changelog.gz"
# Debian's place for the licences: the copyright file.
{ echo "nianbao is licensed under the MIT licence:"; echo; cat LICENSE; echo; cat "$files/THIRD-PARTY-LICENSES.txt"; } \
  > "$sys/usr/share/doc/nianbao/copyright"
find "$sys" -type d -exec chmod 755 {} +
summary="Draft, check and publish the annual government information disclosure report"
describe="A terminal wizard for the 政府信息公开工作年度报告 in the national 2021 format:
 it walks through every section, checks the tables' tallies as they are
 typed, keeps drafts as hand-editable RON files, and exports HTML, Word,
 Markdown and text; nianbao review checks the reports of a whole county."

# 5. The .deb.
deb=$stage/deb
cp -a "$sys" "$deb"
mkdir -p "$deb/DEBIAN"
cat > "$deb/DEBIAN/control" <<EOF
Package: nianbao
Version: $version
Architecture: $deb_arch
Maintainer: the nianbao authors <nianbao@localhost>
Installed-Size: $(du -sk "$sys" | cut -f1)
Depends: libc6 (>= $glibc)
Section: utils
Priority: optional
Description: $summary
 $describe
EOF
deb_file=nianbao_${version}_$deb_arch.deb
dpkg-deb --root-owner-group -Zxz --build "$deb" "$dist/$deb_file" >/dev/null

# 6. The .rpm, from the same files (no build inside rpmbuild: it packs them).
# No BuildArch: rpmbuild refuses one foreign to this machine; --target
# ARCH-linux sets the package's architecture (an aarch64 .rpm made on x86_64).
top=$stage/rpm
mkdir -p "$top/SPECS" "$top/BUILD"
list=$(cd "$sys" && find . -type f | sed 's|^\.||' | sort)
{
  cat <<EOF
Name: nianbao
Version: $version
Release: 1
Summary: $summary
License: MIT
URL: https://github.com/nianbao
AutoReqProv: no
Requires: glibc >= $glibc
%define debug_package %{nil}
%define __os_install_post %{nil}
%define _build_id_links none
%define _binary_payload w9.gzdio
%description
$(printf '%s\n' "$describe" | sed 's/^ //')
%install
mkdir -p %{buildroot}
cp -a $sys/. %{buildroot}/
%files
%dir /usr/share/doc/nianbao
EOF
  printf '%s\n' "$list"
} > "$top/SPECS/nianbao.spec"
rpm_file=$name-1.$arch.rpm
rpmbuild --quiet -bb "$top/SPECS/nianbao.spec" --target "$arch-linux" \
  --define "_topdir $top" --define "_rpmdir $stage/rpms" \
  --define "_build_name_fmt %%{NAME}-%%{VERSION}-%%{RELEASE}.%%{ARCH}.rpm" >/dev/null
cp "$stage/rpms/$rpm_file" "$dist/$rpm_file"

# 7. The vendored source: what a Linux build needs (scripts/vendor-linux.py).
src=$stage/$name-src
mkdir -p "$src"
git archive --format=tar HEAD | tar -x -C "$src"
# cargo vendor prints the configuration that points cargo at vendor/.
(cd "$src" && mkdir -p .cargo && cargo vendor --locked vendor > .cargo/config.toml 2> "$stage/vendor.log") \
  || { cat "$stage/vendor.log" >&2; exit 1; }
grep -q 'directory = "vendor"' "$src/.cargo/config.toml" || { echo "release: cargo vendor gave no configuration" >&2; exit 1; }
python3 scripts/vendor-linux.py "$src"
tar -C "$stage" --owner=0 --group=0 -czf "$dist/$name-src-vendored.tar.gz" "$name-src"
(cd "$dist" && sha256sum "$tarball" "$deb_file" "$rpm_file" "$name-src-vendored.tar.gz" > SHA256SUMS)

# 8. Check them as a user would.
check=$(mktemp -d)
tar -xzf "$dist/$tarball" -C "$check"
unpacked=$check/$name-$arch-linux
[ -s "$unpacked/THIRD-PARTY-LICENSES.txt" ] || { echo "release: no third-party licences in the tarball" >&2; exit 1; }
for sub in $("$gen" --lang en --help | sed -n '/^Commands:/,/^$/p' | awk 'NR>1 && $1 != "help" {print $1}'); do
  for man in man/man1 man/zh_CN/man1; do
    [ -f "$unpacked/$man/nianbao-$sub.1" ] || { echo "release: no $man page for $sub" >&2; exit 1; }
  done
done
info=$(dpkg-deb -I "$dist/$deb_file")
grep -q "Architecture: $deb_arch" <<< "$info" || { echo "release: $deb_file: $info" >&2; exit 1; }
debfiles=$(dpkg-deb -c "$dist/$deb_file")
rpmfiles=$(rpm -qpl "$dist/$rpm_file" 2>/dev/null)
for f in /usr/bin/nianbao /usr/share/man/man1/nianbao.1.gz /usr/share/man/zh_CN/man1/nianbao-check.1.gz \
  /usr/share/bash-completion/completions/nianbao /usr/share/doc/nianbao/THIRD-PARTY-LICENSES.txt; do
  grep -q "\.$f\$" <<< "$debfiles" || { echo "release: $deb_file lacks $f" >&2; exit 1; }
  grep -qx "$f" <<< "$rpmfiles" || { echo "release: $rpm_file lacks $f" >&2; exit 1; }
done
# CentOS 7's rpm 4.11 reads gzip and xz payloads, not zstd (newer rpms' default).
payload=$(rpm -qp --qf '%{PAYLOADCOMPRESSOR}' "$dist/$rpm_file" 2>/dev/null)
case $payload in gzip|xz) ;; *) echo "release: $rpm_file payload is $payload, which CentOS 7 cannot read" >&2; exit 1 ;; esac
mkdir -p "$check/deb" "$check/rpm"
dpkg-deb -x "$dist/$deb_file" "$check/deb"
(cd "$check/rpm" && rpm2cpio "$dist/$rpm_file" | cpio -idm --quiet)
cmp "$check/deb/usr/bin/nianbao" "$check/rpm/usr/bin/nianbao"
if [ -n "$runs_here" ]; then
  for dir in "$unpacked" "$check/deb/usr/bin"; do
    "$dir/nianbao" --version >/dev/null
    "$dir/nianbao" check "$unpacked/examples/fuxin-2021.ron" >/dev/null
  done
  echo "release: the tarball's and the .deb's binary run check on the example"
fi
echo "release: $deb_file: $(grep -c . <<< "$debfiles") entries; $rpm_file: $(grep -c . <<< "$rpmfiles") files"
rm -rf "$check"

if [ -n "$offline" ]; then
  off=$(mktemp -d)
  tar -xzf "$dist/$name-src-vendored.tar.gz" -C "$off"
  (cd "$off/$name-src" && CARGO_HOME=$(mktemp -d) cargo build --release --offline --quiet)
  "$off/$name-src/target/release/nianbao" check "$off/$name-src/examples/fuxin-2021.ron"
  rm -rf "$off"
  echo "release: the vendored source builds offline"
fi
echo "release: vendored source $(du -h "$dist/$name-src-vendored.tar.gz" | cut -f1) packed"
ls -l "$dist"
