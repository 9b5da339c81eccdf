package io.s3posture.cli;

import io.s3posture.api.v1alpha1.ControlsSpec;
import io.s3posture.api.v1alpha1.EncryptionAlgorithm;
import io.s3posture.api.v1alpha1.Mode;
import io.s3posture.aws.DefaultEncryption;
import io.s3posture.aws.LoggingTarget;
import io.s3posture.aws.ReplicationConfig;
import io.s3posture.aws.S3Gateway;
import io.s3posture.control.AccessLoggingControl;
import io.s3posture.control.BucketControl;
import io.s3posture.control.BucketSubject;
import io.s3posture.control.ControlInfo;
import io.s3posture.control.Declared;
import io.s3posture.control.Drift;
import io.s3posture.control.EncryptionControl;
import io.s3posture.control.FieldDrift;
import io.s3posture.control.ManagedControl;
import io.s3posture.control.ReplicationControl;
import io.s3posture.control.Write;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A check of the recommended baseline that a BucketPolicy cannot express, because a policy names
 * exact values and the baseline only asks for "some": logging to any target, replication of any
 * kind, default encryption with any S3 algorithm. It reads through the gateway's normalised read
 * and never writes.
 *
 * @param <O> what the gateway read returns
 */
public final class BaselineControl<O> implements BucketControl<Boolean, O> {

  private final ControlInfo info;
  private final BiFunction<S3Gateway, String, O> read;
  private final Predicate<O> meetsBaseline;
  private final String field;
  private final String expected;
  private final Function<O, String> describe;

  /** {@code info}: the registration of the control this check stands in for (name, audit). */
  BaselineControl(
      ControlInfo info,
      BiFunction<S3Gateway, String, O> read,
      Predicate<O> meetsBaseline,
      String field,
      String expected,
      Function<O, String> describe) {
    this.info = info;
    this.read = read;
    this.meetsBaseline = meetsBaseline;
    this.field = field;
    this.expected = expected;
    this.describe = describe;
  }

  /** Server access logging enabled to any target bucket. */
  static ManagedControl<BucketSubject, Boolean, Optional<LoggingTarget>> loggingEnabled() {
    return managed(
        new BaselineControl<>(
            AccessLoggingControl.INFO,
            S3Gateway::logging,
            Optional::isPresent,
            "target",
            "any target bucket",
            target -> target.map(t -> t.bucket() + "/" + t.prefix()).orElse("disabled")));
  }

  /** A replication configuration with at least one rule. */
  static ManagedControl<BucketSubject, Boolean, Optional<ReplicationConfig>>
      replicationConfigured() {
    return managed(
        new BaselineControl<>(
            ReplicationControl.INFO,
            S3Gateway::replication,
            config -> config.map(c -> !c.rules().isEmpty()).orElse(false),
            "configuration",
            "at least one replication rule",
            config -> config.map(c -> c.rules().size() + " rules").orElse("none")));
  }

  /** Default encryption SSE-S3 or stronger (SSE-KMS, DSSE-KMS) with any key. */
  static ManagedControl<BucketSubject, Boolean, DefaultEncryption> encryptionAtLeastSseS3() {
    return encryptionAtLeastSseS3(Optional.empty());
  }

  /**
   * Default encryption SSE-S3 or stronger, and a KMS key, if any, of the bucket owner's account: a
   * key of another account is how ransomware re-keys a bucket (the attacker can revoke access to
   * the key), so it fails even where a policy names no key.
   *
   * @param owner the account that owns the buckets; empty: the key's account is not checked
   */
  static ManagedControl<BucketSubject, Boolean, DefaultEncryption> encryptionAtLeastSseS3(
      Optional<String> owner) {
    Set<String> algorithms =
        Arrays.stream(EncryptionAlgorithm.values())
            .map(EncryptionAlgorithm::awsName)
            .collect(Collectors.toCollection(LinkedHashSet::new));
    String expected =
        String.join(" or ", algorithms)
            + owner.map(a -> ", with a KMS key of the bucket owner's account " + a).orElse("");
    return managed(
        new BaselineControl<>(
            EncryptionControl.INFO,
            S3Gateway::defaultEncryption,
            encryption ->
                algorithms.contains(encryption.algorithm())
                    && keyAccount(encryption)
                        .map(k -> owner.map(k::equals).orElse(true))
                        .orElse(true),
            "algorithm",
            expected,
            encryption ->
                encryption.algorithm()
                    + encryption
                        .kmsKeyId()
                        .map(
                            key ->
                                " with key "
                                    + key
                                    + keyAccount(encryption)
                                        .map(a -> " (account " + a + ")")
                                        .orElse(""))
                        .orElse("")));
  }

  /** The account of a KMS key given as an ARN; empty for a key id or alias of the same account. */
  static Optional<String> keyAccount(DefaultEncryption encryption) {
    return encryption
        .kmsKeyId()
        .filter(key -> key.startsWith("arn:"))
        .map(key -> key.split(":", 6))
        .filter(parts -> parts.length == 6 && !parts[4].isEmpty())
        .map(parts -> parts[4]);
  }

  private static <O> ManagedControl<BucketSubject, Boolean, O> managed(BaselineControl<O> control) {
    return new ManagedControl<>(control, true, Mode.Audit);
  }

  @Override
  public ControlInfo info() {
    return info;
  }

  /** Never part of a policy: only the baseline manages it. */
  @Override
  public Optional<Declared<Boolean>> declared(ControlsSpec controls) {
    return Optional.empty();
  }

  @Override
  public O observe(BucketSubject subject) {
    return read.apply(subject.s3(), subject.bucket());
  }

  @Override
  public Drift diff(Boolean required, O observed) {
    return meetsBaseline.test(observed)
        ? Drift.NONE
        : Drift.of(FieldDrift.notRemediable(field, expected, describe.apply(observed)));
  }

  /** The audit baseline never writes. */
  @Override
  public List<Write<BucketSubject>> plan(BucketSubject subject, Boolean required, O observed) {
    return List.of();
  }
}
