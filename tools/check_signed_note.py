#!/usr/bin/env python3
"""Checks a Redress signed head with an implementation of the formats written from their specs alone,
sharing no code with Redress: C2SP signed-note (https://c2sp.org/signed-note) and tlog-checkpoint
(https://c2sp.org/tlog-checkpoint), Ed25519 from `cryptography` (PyPI).

  tools/check_signed_note.py HEAD_FILE PUBLIC_KEY_FILE [--export EXPORT.ndjson]

HEAD_FILE is a signed note (KEY.head, or a checkpoint from the ledger); PUBLIC_KEY_FILE a verifier key
`NAME+HASH+BASE64(0x01 || 32-byte Ed25519 public key)` (KEY.pub). Checks: the key's hash is the first
4 bytes of SHA-256(NAME || "\\n" || 0x01 || public key); the note is UTF-8 without control characters
but newlines, a body of newline-terminated lines, one blank line, then signature lines
`— NAME BASE64(key hash || 64-byte signature)`; a signature line of this key verifies over the body's
bytes; the body is a checkpoint: origin, tree size in decimal without leading zeros, the root as
base64 of 32 bytes (then optional extension lines); the origin is `redress/NAME`. With --export, the
root must also be the RFC 6962 Merkle root of the first SIZE events' hashes of that export
(leaf SHA-256(0x00 || hash), node SHA-256(0x01 || left || right)).
Prints `ok ORIGIN SIZE ROOT` and exits 0, or prints what is wrong and exits 1.
"""
import base64
import binascii
import hashlib
import json
import re
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


class Bad(Exception):
    pass


def b64(text, what):
    if not re.fullmatch(r"[A-Za-z0-9+/]*={0,2}", text) or len(text) % 4:
        raise Bad(f"{what} is not standard base64: {text!r}")
    try:
        return base64.b64decode(text, validate=True)
    except binascii.Error as error:
        raise Bad(f"{what} is not base64: {error}") from error


def key_hash(name, public):
    return hashlib.sha256(name.encode() + b"\n" + b"\x01" + public).digest()[:4]


def read_verifier(text):
    text = text.strip()
    parts = text.split("+", 2)
    if len(parts) != 3:
        raise Bad("the public key is not NAME+HASH+KEY")
    name, hash_hex, blob = parts
    if not name or any(c.isspace() or c == "+" for c in name):
        raise Bad(f"the key name {name!r} is empty or has a space or '+'")
    raw = b64(blob, "the public key")
    if len(raw) != 33 or raw[0] != 0x01:
        raise Bad("the public key is not an Ed25519 key (type 0x01 and 32 bytes)")
    public = raw[1:]
    if not re.fullmatch(r"[0-9a-f]{8}", hash_hex) or bytes.fromhex(hash_hex) != key_hash(name, public):
        raise Bad(f"the public key's hash {hash_hex} is not SHA-256(name, 0x0A, 0x01, key)[:4]")
    return name, public


def read_note(data):
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise Bad(f"the note is not UTF-8: {error}") from error
    if any((ord(c) < 0x20 and c != "\n") or ord(c) == 0x7F for c in text):
        raise Bad("the note holds a control character other than newline")
    cut = text.rfind("\n\n")
    if cut < 0:
        raise Bad("no blank line between the text and the signatures")
    body, block = text[: cut + 1], text[cut + 2 :]
    if not body or body.startswith("\n"):
        raise Bad("the note's text is empty")
    if not block.endswith("\n"):
        raise Bad("the last signature line does not end with a newline")
    signatures = []
    for line in block[:-1].split("\n"):
        match = re.fullmatch("\u2014 ([^ ]+) ([^ ]+)", line)
        if not match:
            raise Bad(f"not a signature line: {line!r}")
        blob = b64(match.group(2), "a signature")
        if len(blob) < 5:
            raise Bad(f"a signature of {match.group(1)} is too short")
        signatures.append((match.group(1), blob[:4], blob[4:]))
    return body, signatures


def read_checkpoint(body):
    lines = body[:-1].split("\n")
    if len(lines) < 3:
        raise Bad("the checkpoint needs an origin, a size and a root hash")
    origin, size, root = lines[0], lines[1], lines[2]
    if not origin:
        raise Bad("the checkpoint's origin is empty")
    if not re.fullmatch(r"0|[1-9][0-9]*", size):
        raise Bad(f"the tree size {size!r} is not a decimal without leading zeros")
    root_bytes = b64(root, "the root hash")
    if len(root_bytes) != 32:
        raise Bad(f"the root hash has {len(root_bytes)} bytes, not 32")
    if any(not extension for extension in lines[3:]):
        raise Bad("an empty extension line")
    return origin, int(size), root_bytes, lines[3:]


def merkle_root(leaves):
    """RFC 6962 §2.1: MTH of the leaf hashes (already SHA-256(0x00 || entry))."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return leaves[0]
    split = 1
    while split * 2 < len(leaves):
        split *= 2
    return hashlib.sha256(b"\x01" + merkle_root(leaves[:split]) + merkle_root(leaves[split:])).digest()


def main():
    args = sys.argv[1:]
    export = None
    if "--export" in args:
        at = args.index("--export")
        export = args[at + 1]
        del args[at : at + 2]
    if len(args) != 2:
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    try:
        name, public = read_verifier(open(args[1], encoding="utf-8").read())
        body, signatures = read_note(open(args[0], "rb").read())
        mine = [s for s in signatures if s[0] == name and s[1] == key_hash(name, public)]
        if not mine:
            raise Bad(f"no signature line by {name} with the key's hash")
        for _, _, signature in mine:
            if len(signature) != 64:
                raise Bad(f"the Ed25519 signature has {len(signature)} bytes, not 64")
            try:
                Ed25519PublicKey.from_public_bytes(public).verify(signature, body.encode("utf-8"))
            except InvalidSignature as error:
                raise Bad(f"the signature by {name} does not verify over the note's text") from error
        origin, size, root, extensions = read_checkpoint(body)
        if origin != f"redress/{name}":
            raise Bad(f"the origin {origin!r} is not redress/{name}")
        if export is not None:
            events = [json.loads(line) for line in open(export, encoding="utf-8") if line.strip()]
            events.sort(key=lambda e: e["position"])
            if len(events) < size:
                raise Bad(f"the export has {len(events)} events, fewer than the checkpoint's size {size}")
            leaves = [hashlib.sha256(b"\x00" + bytes.fromhex(e["hash"])).digest() for e in events[:size]]
            if merkle_root(leaves) != root:
                raise Bad(f"the root is not the RFC 6962 root of the export's first {size} event hashes")
    except (Bad, OSError) as error:
        print(f"{args[0]}: {error}")
        return 1
    print(f"ok {origin} {size} {base64.b64encode(root).decode()}" + (f" +{len(extensions)}" if extensions else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
