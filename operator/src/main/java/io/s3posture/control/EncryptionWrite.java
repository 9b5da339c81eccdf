package io.s3posture.control;

import io.s3posture.aws.DefaultEncryption;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A PutBucketEncryption: one rule carries both the default encryption and the blocked encryption
 * types, so the writes of the encryption and SSE-C controls of one check merge into one PUT that
 * keeps whatever neither of them changes.
 *
 * @param observed the rule as read in this check
 * @param setting the algorithm, key and bucket key to set; empty keeps the observed ones
 * @param blockSseC add SSE-C to the blocked types (a block is never removed)
 */
record EncryptionWrite(
    DefaultEncryption observed, Optional<DefaultEncryption> setting, boolean blockSseC)
    implements Write<BucketSubject> {

  EncryptionWrite {
    Objects.requireNonNull(observed, "observed");
    Objects.requireNonNull(setting, "setting");
  }

  static EncryptionWrite setting(DefaultEncryption observed, DefaultEncryption setting) {
    return new EncryptionWrite(observed, Optional.of(setting), false);
  }

  static EncryptionWrite blockingSseC(DefaultEncryption observed) {
    return new EncryptionWrite(observed, Optional.empty(), true);
  }

  /** The rule that will be written. */
  DefaultEncryption rule() {
    DefaultEncryption base = setting.orElse(observed);
    Set<String> blocked = new LinkedHashSet<>(observed.blockedEncryptionTypes());
    if (blockSseC) {
      blocked.remove(DefaultEncryption.NONE);
      blocked.add(DefaultEncryption.SSE_C);
    }
    return new DefaultEncryption(base.algorithm(), base.kmsKeyId(), base.bucketKey(), blocked);
  }

  @Override
  public String operation() {
    return "PutBucketEncryption";
  }

  @Override
  public String description() {
    DefaultEncryption rule = rule();
    return "default encryption "
        + rule.algorithm()
        + rule.kmsKeyId().map(key -> " with key " + key).orElse("")
        + (rule.bucketKey() ? ", bucket key on" : "")
        + (rule.blockedEncryptionTypes().isEmpty()
            ? ""
            : ", blocked encryption types " + String.join(",", rule.blockedEncryptionTypes()));
  }

  @Override
  public void apply(BucketSubject subject) {
    subject.s3().putDefaultEncryption(subject.bucket(), rule());
  }

  @Override
  public Optional<String> mergeKey() {
    return Optional.of(operation());
  }

  @Override
  public Write<BucketSubject> mergedWith(Write<BucketSubject> later) {
    EncryptionWrite other = (EncryptionWrite) later;
    return new EncryptionWrite(observed, setting.or(other::setting), blockSseC || other.blockSseC);
  }
}
