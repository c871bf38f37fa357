# scripts/lib/vm-image.sh — the recipe of the Debian 12 test server's image (sourced by
# scripts/vm). The image is cached under its hash: any change to this file, or to this
# machine's apt sources, builds a new one.
#
# What is in it: Debian 12 (minbase) with systemd as PID 1, dbus, polkitd, sudo, Debian's
# 6.1 kernel, Node.js, Python 3 with FastAPI and uvicorn (Debian's packages: the guest has no
# network, and pip under emulation takes minutes), curl, jq and python3-websockets for the
# tests. Inside, /mnt/vm (9p tag `vm`, read-write) carries the script in and its output out,
# /mnt/host (9p tag `host`, read-only) is a folder of the host's; siax-vm-run.service runs
# /mnt/vm/script after multi-user.target and powers the machine off.

VM_IMAGE_PACKAGES=(
    systemd systemd-sysv dbus sudo polkitd pkexec libsystemd0 libstdc++6 kmod
    linux-image-amd64 initramfs-tools zstd procps iproute2 curl ca-certificates jq
    nodejs python3 python3-venv python3-fastapi python3-uvicorn python3-websockets
)

# Runs inside the new root (chroot, as mmdebstrap's customize hook): the runner, the 9p
# mounts, a fixed machine id, no timers that could fire during a test, a small initramfs.
vm_image_customize() {
    local root=$1
    cat >"$root/etc/fstab" <<'EOF'
/dev/vda / ext4 rw,noatime 0 1
vm /mnt/vm 9p trans=virtio,version=9p2000.L,msize=262144,x-systemd.requires=systemd-modules-load.service 0 0
host /mnt/host 9p trans=virtio,version=9p2000.L,msize=262144,ro,x-systemd.requires=systemd-modules-load.service 0 0
EOF
    mkdir -p "$root/mnt/vm" "$root/mnt/host"
    printf '9p\n9pnet_virtio\n' >"$root/etc/modules-load.d/9p.conf"
    echo siax-vm >"$root/etc/hostname"
    echo 5a1a0a9e5e6f4c3c9d7e0f1a2b3c4d5e >"$root/etc/machine-id"
    cat >"$root/usr/local/sbin/siax-vm-run" <<'EOF'
#!/bin/bash
# Runs /mnt/vm/script once per boot: its output goes to /mnt/vm/out.N, its exit code to
# /mnt/vm/rc.N (N: this boot's number, also in SIAX_VM_BOOT).
boot=$(($(cat /mnt/vm/boots 2>/dev/null || echo 0) + 1))
echo "$boot" >/mnt/vm/boots
code=0
SIAX_VM_BOOT=$boot bash /mnt/vm/script </dev/null >"/mnt/vm/out.$boot" 2>&1 || code=$?
echo "$code" >"/mnt/vm/rc.$boot"
sync
EOF
    chmod 755 "$root/usr/local/sbin/siax-vm-run"
    cat >"$root/etc/systemd/system/siax-vm-run.service" <<'EOF'
[Unit]
Description=Run the test script given through 9p, then power off
After=multi-user.target
RequiresMountsFor=/mnt/vm /mnt/host
SuccessAction=poweroff
FailureAction=poweroff

[Service]
Type=exec
ExecStart=/usr/local/sbin/siax-vm-run

[Install]
WantedBy=multi-user.target
EOF
    ln -sf /etc/systemd/system/siax-vm-run.service "$root/etc/systemd/system/multi-user.target.wants/siax-vm-run.service"
    local unit
    for unit in apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer fstrim.timer man-db.timer \
        systemd-tmpfiles-clean.timer getty@tty1.service serial-getty@ttyS0.service; do
        ln -sf /dev/null "$root/etc/systemd/system/$unit"
    done
    printf 'MODULES=list\nCOMPRESS=zstd\n' >"$root/etc/initramfs-tools/conf.d/siax-vm.conf"
    printf 'virtio_pci\nvirtio_blk\next4\ncrc32c_generic\n' >"$root/etc/initramfs-tools/modules"
    chroot "$root" update-initramfs -u -k all >/dev/null
}
