package io.s3posture.control;

import io.s3posture.aws.AwsFailure;
import io.s3posture.aws.FailureKind;
import io.s3posture.aws.S3Gateway;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A bucket under check, with the gateway to reach it. The gateway reads each setting once per check
 * (see {@link OncePerCheckS3Gateway}).
 *
 * @param principal the IAM principal the operator acts as for this bucket (a role or user ARN),
 *     when known: statements that could lock it out are refused. Asked for only by the controls
 *     that need it, at most once per check (finding it out may cost an STS call).
 */
public record BucketSubject(S3Gateway s3, String bucket, Supplier<Optional<String>> principal)
    implements CheckSubject {

  public BucketSubject {
    Objects.requireNonNull(s3, "s3");
    Objects.requireNonNull(bucket, "bucket");
    principal = new Once(Objects.requireNonNull(principal, "principal"));
  }

  /** The operator's principal for this bucket, when known. */
  public Optional<String> operatorPrincipal() {
    return principal.get();
  }

  /** A subject for one check: each setting is read once (see {@link OncePerCheckS3Gateway}). */
  public static BucketSubject of(S3Gateway s3, String bucket) {
    return of(s3, bucket, Optional.empty());
  }

  public static BucketSubject of(S3Gateway s3, String bucket, Optional<String> principal) {
    return of(s3, bucket, () -> principal);
  }

  public static BucketSubject of(
      S3Gateway s3, String bucket, Supplier<Optional<String>> principal) {
    return new BucketSubject(OncePerCheckS3Gateway.of(s3), bucket, principal);
  }

  /** Asks its supplier once. */
  private static final class Once implements Supplier<Optional<String>> {
    private final Supplier<Optional<String>> supplier;
    private volatile Optional<String> value;

    Once(Supplier<Optional<String>> supplier) {
      this.supplier = supplier instanceof Once ? ((Once) supplier).supplier : supplier;
    }

    @Override
    public Optional<String> get() {
      Optional<String> known = value;
      if (known == null) {
        known = Objects.requireNonNull(supplier.get(), "principal");
        value = known;
      }
      return known;
    }
  }

  @Override
  public void forgetReads() {
    if (s3 instanceof OncePerCheckS3Gateway once) {
      once.forgetReads();
    }
  }

  @Override
  public boolean isGone(AwsFailure failure) {
    return failure.kind() == FailureKind.NO_SUCH_BUCKET;
  }

  @Override
  public String name() {
    return bucket;
  }

  /** The bucket's ARN, e.g. arn:aws:s3:::logs. */
  public String arn() {
    return "arn:" + s3.arnPartition() + ":s3:::" + bucket;
  }

  @Override
  public String toString() {
    return "bucket " + bucket;
  }
}
