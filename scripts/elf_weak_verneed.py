#!/usr/bin/env python3
"""Mark one symbol-version requirement (e.g. GLIBCXX_3.4.32) of an ELF64 shared object as weak.

The dynamic loader refuses to load a library whose non-weak version requirement is missing from the
system; a weak one (VER_FLG_WEAK) is tolerated. Used by scripts/fix-torchsharp.sh only.
Usage: elf_weak_verneed.py FILE VERSION_NAME
"""
import struct
import sys

SHT_GNU_VERNEED = 0x6FFFFFFE
VER_FLG_WEAK = 0x2


def main(path: str, version: str) -> int:
    with open(path, "r+b") as f:
        data = bytearray(f.read())
        if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
            print(f"{path}: not a little-endian ELF64 file", file=sys.stderr)
            return 2
        shoff, = struct.unpack_from("<Q", data, 0x28)
        shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
        sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
        changed = 0
        for sh in sections:
            if sh[1] != SHT_GNU_VERNEED:
                continue
            strtab_off = sections[sh[6]][4]
            entry = sh[4]
            for _ in range(sh[7]):  # sh_info = number of Verneed entries
                _, cnt, _, aux, nxt = struct.unpack_from("<HHIII", data, entry)
                a = entry + aux
                for _ in range(cnt):
                    _, flags, _, name, anext = struct.unpack_from("<IHHII", data, a)
                    end = data.index(b"\0", strtab_off + name)
                    if data[strtab_off + name:end].decode() == version and not flags & VER_FLG_WEAK:
                        struct.pack_into("<H", data, a + 4, flags | VER_FLG_WEAK)
                        changed += 1
                    a += anext
                entry += nxt
        if changed:
            f.seek(0)
            f.write(data)
        print(f"{path}: {changed} requirement(s) of {version} made weak")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
