#!/usr/bin/env python3
"""Writes python-json-dumps.json: vault-key signature messages and the exact bytes Python's
json.dumps(message, separators=(',', ':')) gives for them (the encoding Oracle's oci-cli uses).
Run: python3 generate-python-json-dumps.py > python-json-dumps.json"""
import json

FIELDS = ["description", "imageDigest", "kmsKeyId", "kmsKeyVersionId", "metadata", "region", "repositoryName", "signingAlgorithm"]
DIGEST = "sha256:971918b9cf768e28ac21fd49cc601079b834bb4c953ae176e607a75bb8cae0aa"

def message(**overrides):
    m = {"description": "", "imageDigest": DIGEST, "kmsKeyId": "signet:release", "kmsKeyVersionId": "v1",
         "metadata": "", "region": "local", "repositoryName": "team/app", "signingAlgorithm": "SHA_256_RSA_PKCS_PSS"}
    m.update(overrides)
    return {k: m[k] for k in FIELDS}

cases = [
    ("plain", message(description="Image for UAT testing")),
    ("oracle-example", message(description="Image for UAT testing", kmsKeyId="ocid1.key.oc1..aaaa", kmsKeyVersionId="ocid1.keyversion.oc1..bbbb",
                               metadata=json.dumps({"buildNumber": "123"}, separators=(',', ':')), region="us-phoenix-1", repositoryName="busybox")),
    ("non-ascii", message(description="caf\u00e9 \u4e2d\u6587 \U0001F600 \u2028\u2029 \ufeff")),
    ("controls", message(description="".join(chr(c) for c in range(0, 32)) + "\x7f")),
    ("quotes-backslash", message(description="say \"hi\" \\ back\\slash")),
    ("not-escaped", message(description="a/b <tag> & 'single' `tick` +plus ~tilde")),
    ("metadata-escaped", message(metadata=json.dumps({"a": "x\"y", "b": "caf\u00e9"}, separators=(',', ':'), sort_keys=True))),
    ("ecdsa", message(signingAlgorithm="ECDSA_SHA_384", repositoryName="deep/nested/repo-name_1.2")),
]
out = [{"name": name, "message": m, "expected": json.dumps(m, separators=(',', ':'))} for name, m in cases]
print(json.dumps(out, indent=1))
