#!/usr/bin/env python3
"""Minimal blob client for Azurite's development account (no SDK needed): used by demo-cloud.sh and bench/functions.sh.
  azurite-blob.py BLOB_ENDPOINT put CONTAINER NAME FILE | get CONTAINER NAME FILE | exists CONTAINER NAME | mkcontainer CONTAINER
BLOB_ENDPOINT is e.g. http://127.0.0.1:10000/devstoreaccount1 (Shared Key with Azurite's published development key)."""
import base64, email.utils, hashlib, hmac, sys, urllib.error, urllib.parse, urllib.request

ACCOUNT = "devstoreaccount1"
# Azurite's well-known development key (public, documented by Microsoft; not a secret).
KEY = base64.b64decode("Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==")


def request(endpoint, method, path, query=None, body=b"", headers=None):
    url = urllib.parse.urlsplit(f"{endpoint.rstrip('/')}/{path}")
    query = query or {}
    headers = {"x-ms-date": email.utils.formatdate(usegmt=True), "x-ms-version": "2021-08-06", **(headers or {})}
    if method in ("PUT", "POST"):
        # urllib would add a form Content-Type that is not in the signature.
        headers.setdefault("Content-Type", "application/octet-stream")
    length = str(len(body)) if body else ""
    ctype = headers.get("Content-Type", "")
    canonical_headers = "".join(f"{k}:{v}\n" for k, v in sorted(headers.items()) if k.startswith("x-ms-"))
    resource = f"/{ACCOUNT}{url.path}" + "".join(f"\n{k}:{v}" for k, v in sorted(query.items()))
    sign = f"{method}\n\n\n{length}\n\n{ctype}\n\n\n\n\n\n\n{canonical_headers}{resource}"
    signature = base64.b64encode(hmac.new(KEY, sign.encode(), hashlib.sha256).digest()).decode()
    full = url.geturl() + ("?" + urllib.parse.urlencode(query) if query else "")
    req = urllib.request.Request(full, data=body if method in ("PUT", "POST") else None, method=method,
                                 headers={**headers, "Authorization": f"SharedKey {ACCOUNT}:{signature}"})
    return urllib.request.urlopen(req)


def main(argv):
    endpoint, op = argv[1], argv[2]
    try:
        if op == "mkcontainer":
            request(endpoint, "PUT", argv[3], {"restype": "container"})
        elif op == "put":
            with open(argv[5], "rb") as f:
                data = f.read()
            request(endpoint, "PUT", f"{argv[3]}/{argv[4]}", body=data,
                    headers={"x-ms-blob-type": "BlockBlob", "Content-Type": "application/octet-stream",
                             "x-ms-blob-content-md5": base64.b64encode(hashlib.md5(data).digest()).decode()})
        elif op == "get":
            with request(endpoint, "GET", f"{argv[3]}/{argv[4]}") as r, open(argv[5], "wb") as f:
                f.write(r.read())
        elif op == "exists":
            request(endpoint, "HEAD", f"{argv[3]}/{argv[4]}")
        else:
            sys.exit(f"azurite-blob.py: unknown operation {op}")
    except urllib.error.HTTPError as e:
        if op == "mkcontainer" and e.code == 409:
            return 0
        if op == "exists" and e.code == 404:
            return 1
        sys.exit(f"azurite-blob.py: {op} failed: {e.code} {e.reason}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
