package io.s3posture.aws;

/** Object ownership; a bucket without ownership controls behaves as ObjectWriter. */
public enum ObjectOwnership {
  BucketOwnerEnforced,
  BucketOwnerPreferred,
  ObjectWriter
}
