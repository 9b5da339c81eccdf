package io.s3posture.control;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.s3posture.api.v1alpha1.ControlsSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Deny uploads that name a KMS key outside the approved ones (encryption.kmsKeyArn and
 * allowedKmsKeys): ransomware with stolen credentials can name its own key on every upload, and
 * default encryption only applies when an upload names none.
 *
 * <p>The statement denies {@code s3:PutObject} (the action of PutObject, PostObject, CopyObject and
 * CreateMultipartUpload; UploadPart and UploadPartCopy inherit the key of their upload) when {@code
 * s3:x-amz-server-side-encryption-aws-kms-key-id} is present ({@code Null: false}) and not one of
 * the approved key ARNs ({@code StringNotEquals}). Not {@code StringNotEqualsIfExists}: that would
 * also deny every upload naming no key. The condition compares the header as sent, so uploads must
 * name approved keys by their full ARN; a key id or alias is denied, even of an approved key.
 */
public final class DenyUnapprovedKmsKeysControl
    extends StatementControl<DenyUnapprovedKmsKeysControl.ApprovedKeys> {

  public static final ControlInfo INFO =
      ControlInfo.of("denyUnapprovedKmsKeys", "PutBucketPolicy", "DeleteBucketPolicy")
          .after(TlsOnlyControl.INFO.name())
          .audited(
              AuditInfo.of(
                      CheckInfo.of(
                              "denyUnapprovedKmsKeys",
                              Severity.MEDIUM,
                              "Bucket policy denies uploads with unapproved KMS keys",
                              "An upload can name any KMS key, an attacker's included; a Deny on"
                                  + " s3:x-amz-server-side-encryption-aws-kms-key-id keeps new"
                                  + " objects under approved keys.")
                          .mitigates(AttackTechnique.DATA_ENCRYPTED_FOR_IMPACT))
                  .leftOutOfBaseline("the approved keys are the organisation's: use --policy"));

  public static final String SID = "S3PostureDenyUnapprovedKmsKeys";

  static final String KEY_ID = "s3:x-amz-server-side-encryption-aws-kms-key-id";

  /** The KMS key ARNs uploads may name. */
  public record ApprovedKeys(Set<String> arns) {

    public ApprovedKeys {
      arns = Collections.unmodifiableSortedSet(new TreeSet<>(arns));
    }
  }

  @Override
  public ControlInfo info() {
    return INFO;
  }

  @Override
  public Optional<Declared<ApprovedKeys>> declared(ControlsSpec controls) {
    if (controls.denyUnapprovedKmsKeys() == null || controls.encryption() == null) {
      return Optional.empty();
    }
    return Optional.of(
        Declared.of(
            new ApprovedKeys(
                new TreeSet<>(EncryptionRequirement.of(controls.encryption()).acceptedKeys())),
            controls.denyUnapprovedKmsKeys().mode()));
  }

  @Override
  protected List<ObjectNode> ownedStatements(ApprovedKeys desired, BucketPolicyView bucket) {
    return List.of(statement(bucket.bucketArn(), desired));
  }

  @Override
  protected String describe(ObjectNode statement) {
    List<String> keys = approved(statement);
    return keys.isEmpty()
        ? "Deny s3:PutObject naming any KMS key"
        : "Deny s3:PutObject naming a KMS key other than " + String.join(", ", keys);
  }

  private static List<String> approved(ObjectNode statement) {
    List<String> keys = new ArrayList<>();
    statement.at("/Condition/StringNotEquals").path(KEY_ID).forEach(k -> keys.add(k.asText()));
    return keys;
  }

  /** The statement this control owns, for one bucket. */
  static ObjectNode statement(String bucketArn, ApprovedKeys approved) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    ObjectNode statement = nodes.objectNode();
    statement.put("Sid", SID);
    statement.put("Effect", "Deny");
    statement.put("Principal", "*");
    statement.put("Action", "s3:PutObject");
    statement.put("Resource", bucketArn + "/*");
    ObjectNode condition = statement.putObject("Condition");
    if (!approved.arns().isEmpty()) {
      ArrayNode keys = condition.putObject("StringNotEquals").putArray(KEY_ID);
      approved.arns().forEach(keys::add);
    }
    condition.putObject("Null").put(KEY_ID, "false");
    return statement;
  }
}
