"""Audit throughput against a latency-bound S3: a stub S3 on 127.0.0.1 answers every request after a fixed
delay (default 50 ms, about real S3's), so the figure is the CLI's, not the backend's (moto serves ~130
requests/s on 2 cores, which caps every concurrency above ~2 at 50 ms).

The stub lists BUCKETS buckets with their BucketRegion, as AWS does, and answers each bucket read with AWS's
"not configured" answer (404 NoSuch...Configuration, an empty versioning or logging status, a private
ACL), which is as much work for the client as a configured one. It counts requests by operation.

Usage: python3 hack/bench_audit_latency.py [--buckets 1000] [--latency-ms 50] [--concurrency 8 32 64]
Needs operator/target/s3-posture-operator.jar (mvn -B -ntp -q -pl operator -am package -DskipTests).
"""
import argparse
import collections
import os
import re
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

NOT_CONFIGURED = {
    "publicAccessBlock": "NoSuchPublicAccessBlockConfiguration",
    "encryption": "ServerSideEncryptionConfigurationNotFoundError",
    "object-lock": "ObjectLockConfigurationNotFoundError",
    "replication": "ReplicationConfigurationNotFoundError",
    "policy": "NoSuchBucketPolicy",
    "website": "NoSuchWebsiteConfiguration",
    "ownershipControls": "OwnershipControlsNotFoundError",
}
ACL = ('<AccessControlPolicy xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Owner><ID>owner</ID></Owner>'
       '<AccessControlList><Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
       'xsi:type="CanonicalUser"><ID>owner</ID></Grantee><Permission>FULL_CONTROL</Permission></Grant>'
       '</AccessControlList></AccessControlPolicy>')
VERSIONING = '<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"/>'
LOGGING = '<BucketLoggingStatus xmlns="http://s3.amazonaws.com/doc/2006-03-01/"/>'


def listing(buckets):
    entries = "".join(
        f"<Bucket><Name>bench-{i:05d}</Name><CreationDate>2024-01-01T00:00:00.000Z</CreationDate>"
        f"<BucketRegion>us-east-1</BucketRegion></Bucket>" for i in range(buckets))
    return ('<ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Owner><ID>owner</ID>'
            f"</Owner><Buckets>{entries}</Buckets></ListAllMyBucketsResult>")


def handler(latency, buckets, counts, lock):
    body_of_listing = listing(buckets).encode()

    class Stub(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # one response = one segment: no delayed-ACK stall

        def log_message(self, *args):
            pass

        def answer(self, status, body):
            data = body.encode() if isinstance(body, str) else body
            self.send_response(status)
            self.send_header("Content-Type", "application/xml")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            time.sleep(latency)
            path, _, query = self.path.partition("?")
            key = query.split("=")[0].split("&")[0]
            with lock:
                counts["ListBuckets" if path == "/" else (key or "other")] += 1
            if path == "/":
                return self.answer(200, body_of_listing)
            if path.startswith("/v20180820/"):
                key = "publicAccessBlock"
            if key in NOT_CONFIGURED:
                code = NOT_CONFIGURED[key]
                return self.answer(404, f"<Error><Code>{code}</Code><Message>{code}</Message></Error>")
            if key == "acl":
                return self.answer(200, ACL)
            if key == "versioning":
                return self.answer(200, VERSIONING)
            if key == "logging":
                return self.answer(200, LOGGING)
            return self.answer(404, "<Error><Code>NoSuchBucket</Code><Message>x</Message></Error>")

    return Stub


def run(jar, endpoint, concurrency):
    env = dict(os.environ, AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench", AWS_REGION="us-east-1")
    started = time.monotonic()
    done = subprocess.run(
        ["java", "-jar", jar, "audit", "--all", "--endpoint", endpoint, "--account-id", "123456789012",
         "--output", "json", "--stats", "--concurrency", str(concurrency)],
        env=env, capture_output=True, text=True, check=False)
    wall = time.monotonic() - started
    stats = re.search(r"buckets=(\d+) seconds=([\d.]+) buckets_per_second=([\d.]+) aws_calls=(\d+) "
                      r"calls_per_bucket=([\d.]+)", done.stderr)
    if not stats:
        raise SystemExit(f"no --stats line (exit {done.returncode}): {done.stderr[-2000:]}")
    return stats, wall


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--buckets", type=int, default=1000)
    parser.add_argument("--latency-ms", type=float, default=50)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[8, 32, 64])
    parser.add_argument("--jar", default="operator/target/s3-posture-operator.jar")
    args = parser.parse_args()
    counts, lock = collections.Counter(), threading.Lock()
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler(args.latency_ms / 1000, args.buckets, counts, lock))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    endpoint = f"http://127.0.0.1:{server.server_address[1]}"
    print(f"stub S3 at {endpoint}: {args.buckets} buckets, {args.latency_ms:g} ms per request")
    for concurrency in args.concurrency:
        counts.clear()
        stats, wall = run(args.jar, endpoint, concurrency)
        requests = sum(counts.values())
        print(f"concurrency {concurrency:3d}: {float(stats.group(3)):6.1f} buckets/s "
              f"({stats.group(2)} s checking, {wall:.1f} s with JVM start), "
              f"{float(stats.group(5)):.2f} calls/bucket by the CLI, {requests / args.buckets:.2f} requests/bucket "
              f"seen by the stub, GetBucketLocation {counts['location']}")
    server.shutdown()


if __name__ == "__main__":
    main()
