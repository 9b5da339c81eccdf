"""Audit throughput against a latency-bound S3: a stub S3 on 127.0.0.1 answers every request after a fixed
delay (default 50 ms, about real S3's), so the figure is the CLI's, not the backend's (moto serves ~130
requests/s on 2 cores, which caps every concurrency above ~2 at 50 ms). The stub runs on asyncio: a thread per
connection (http.server) capped it at ~400 requests/s on a busy 2-core machine.

The stub lists BUCKETS buckets with their BucketRegion, as AWS does, and answers each bucket read with AWS's
"not configured" answer (404 NoSuch...Configuration, an empty versioning or logging status, a private
ACL), which is as much work for the client as a configured one. It counts requests by operation.

Usage: python3 hack/bench_audit_latency.py [--buckets 1000] [--latency-ms 50] [--concurrency 8 32 64]
The CLI runs through bin/s3posture with its JVM options (S3POSTURE_JAVA_OPTS= for the JVM's defaults).
Needs operator/target/s3-posture-operator.jar (mvn -B -ntp -q -pl operator -am package -DskipTests).
"""
import argparse
import asyncio
import collections
import os
import re
import socket
import subprocess
import threading
import time

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


def answer_for(path, query, counts, listing_body):
    """(status, body) for one GET, counted by operation."""
    key = query.split("=")[0].split("&")[0]
    counts["ListBuckets" if path == "/" else (key or "other")] += 1
    if path == "/":
        return 200, listing_body
    if path.startswith("/v20180820/"):
        key = "publicAccessBlock"
    if key in NOT_CONFIGURED:
        code = NOT_CONFIGURED[key]
        return 404, f"<Error><Code>{code}</Code><Message>{code}</Message></Error>"
    if key == "acl":
        return 200, ACL
    if key == "versioning":
        return 200, VERSIONING
    if key == "logging":
        return 200, LOGGING
    return 404, "<Error><Code>NoSuchBucket</Code><Message>x</Message></Error>"


class StubS3:
    """HTTP/1.1 keep-alive on asyncio: one coroutine per connection, the latency an asyncio.sleep, so a
    thousand requests in flight cost no threads and the stub keeps up with the CLI."""

    def __init__(self, latency, buckets):
        self.latency = latency
        self.listing = listing(buckets).encode()
        self.counts = collections.Counter()
        self.loop = asyncio.new_event_loop()
        self.port = None
        ready = threading.Event()
        threading.Thread(target=self._run, args=(ready,), daemon=True).start()
        ready.wait()

    def _run(self, ready):
        asyncio.set_event_loop(self.loop)
        server = self.loop.run_until_complete(asyncio.start_server(self._serve, "127.0.0.1", 0, backlog=1024))
        self.port = server.sockets[0].getsockname()[1]
        ready.set()
        self.loop.run_forever()

    async def _serve(self, reader, writer):
        sock = writer.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                target = lines[0].split(" ")[1]
                length = next((int(l.split(":", 1)[1]) for l in lines[1:] if l.lower().startswith("content-length:")), 0)
                if length:
                    await reader.readexactly(length)
                await asyncio.sleep(self.latency)
                path, _, query = target.partition("?")
                status, body = answer_for(path, query, self.counts, self.listing)
                data = body if isinstance(body, bytes) else body.encode()
                writer.write(f"HTTP/1.1 {status} {'OK' if status == 200 else 'Not Found'}\r\n"
                             f"Content-Type: application/xml\r\nContent-Length: {len(data)}\r\n\r\n".encode() + data)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    def stop(self):
        self.loop.call_soon_threadsafe(self.loop.stop)


def run(jar, endpoint, concurrency):
    # through bin/s3posture, as users run it (its JVM options; S3POSTURE_JAVA_OPTS overrides them)
    env = dict(os.environ, AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench", AWS_REGION="us-east-1",
               S3POSTURE_JAR=os.path.abspath(jar))
    started = time.monotonic()
    done = subprocess.run(
        ["bin/s3posture", "audit", "--all", "--endpoint", endpoint, "--account-id", "123456789012",
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
    stub = StubS3(args.latency_ms / 1000, args.buckets)
    endpoint = f"http://127.0.0.1:{stub.port}"
    print(f"stub S3 at {endpoint}: {args.buckets} buckets, {args.latency_ms:g} ms per request")
    for concurrency in args.concurrency:
        stub.counts.clear()
        stats, wall = run(args.jar, endpoint, concurrency)
        counts = stub.counts
        requests = sum(counts.values())
        print(f"concurrency {concurrency:3d}: {float(stats.group(3)):6.1f} buckets/s "
              f"({stats.group(2)} s checking, {wall:.1f} s with JVM start), "
              f"{float(stats.group(5)):.2f} calls/bucket by the CLI, {requests / args.buckets:.2f} requests/bucket "
              f"seen by the stub (ListBuckets {counts['ListBuckets']}, GetBucketLocation {counts['location']})")
    stub.stop()


if __name__ == "__main__":
    main()
