package io.s3posture.control;

import io.s3posture.api.v1alpha1.ControlsSpec;
import io.s3posture.aws.DefaultEncryption;
import java.util.List;
import java.util.Optional;

/**
 * Uploads with customer-provided keys (SSE-C) stay blocked: SSE-C in the default-encryption rule's
 * BlockedEncryptionTypes. Ransomware with stolen credentials re-encrypts objects with SSE-C keys
 * only the attacker holds; a bucket that blocks SSE-C refuses those uploads. The write keeps the
 * rest of the rule exactly (algorithm, key, bucket key) and merges with the encryption control's
 * into one PutBucketEncryption; SSE-C is never unblocked.
 */
public final class BlockSseCControl implements BucketControl<Boolean, DefaultEncryption> {

  public static final ControlInfo INFO =
      ControlInfo.of("blockSseC", "PutBucketEncryption", "DeleteBucketEncryption")
          .after(EncryptionControl.INFO.name())
          .audited(
              CheckInfo.of(
                      "blockSseC",
                      Severity.MEDIUM,
                      "Uploads with customer-provided keys (SSE-C) blocked",
                      "Ransomware with stolen credentials re-encrypts objects with SSE-C keys only the"
                          + " attacker holds; a bucket that blocks SSE-C refuses those uploads.")
                  .mitigates(AttackTechnique.DATA_ENCRYPTED_FOR_IMPACT)
                  .unverifiableOffAws(
                      "stores other than AWS (moto, S3-compatible stores) do not return"
                          + " BlockedEncryptionTypes"));

  @Override
  public ControlInfo info() {
    return INFO;
  }

  @Override
  public Optional<Declared<Boolean>> declared(ControlsSpec controls) {
    return Optional.ofNullable(controls.blockSseC()).map(spec -> Declared.of(true, spec.mode()));
  }

  @Override
  public DefaultEncryption observe(BucketSubject subject) {
    return subject.s3().defaultEncryption(subject.bucket());
  }

  @Override
  public Drift diff(Boolean desired, DefaultEncryption observed) {
    if (observed.blocksSseC()) {
      return Drift.NONE;
    }
    return Drift.of(
        FieldDrift.put(
            "blockedEncryptionTypes",
            DefaultEncryption.SSE_C,
            observed.blockedEncryptionTypes().isEmpty()
                ? "none (SSE-C allowed)"
                : String.join(",", observed.blockedEncryptionTypes())));
  }

  @Override
  public List<Write<BucketSubject>> plan(
      BucketSubject subject, Boolean desired, DefaultEncryption observed) {
    return List.of(EncryptionWrite.blockingSseC(observed));
  }

  /** Blocking is the only requirement there is: two policies always agree. */
  @Override
  public Optional<Boolean> combine(Boolean a, Boolean b) {
    return Optional.of(true);
  }
}
