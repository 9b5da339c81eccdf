package io.s3posture.aws;

/** The two halves of S3 data events a trail can log: reads (GetObject, ...) and writes. */
public enum DataEventAccess {
  READ,
  WRITE
}
