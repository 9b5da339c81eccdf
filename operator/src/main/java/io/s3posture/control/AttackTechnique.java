package io.s3posture.control;

import java.util.Arrays;
import java.util.Optional;

/**
 * The MITRE ATT&CK (Enterprise) techniques the controls and detection checks answer, with their
 * ids, names and tactics as attack.mitre.org gives them. The threat model (docs/threat-model.md)
 * maps the product's breach scenarios onto them.
 */
public enum AttackTechnique {
  DATA_FROM_CLOUD_STORAGE("T1530", "Data from Cloud Storage", "Collection"),
  TRANSFER_DATA_TO_CLOUD_ACCOUNT("T1537", "Transfer Data to Cloud Account", "Exfiltration"),
  DATA_DESTRUCTION("T1485", "Data Destruction", "Impact"),
  LIFECYCLE_TRIGGERED_DELETION(
      "T1485.001", "Data Destruction: Lifecycle-Triggered Deletion", "Impact"),
  DATA_ENCRYPTED_FOR_IMPACT("T1486", "Data Encrypted for Impact", "Impact"),
  INHIBIT_SYSTEM_RECOVERY("T1490", "Inhibit System Recovery", "Impact"),
  DISABLE_OR_MODIFY_CLOUD_LOGS(
      "T1562.008", "Impair Defenses: Disable or Modify Cloud Logs", "Defense Evasion"),
  CLOUD_ACCOUNTS(
      "T1078.004",
      "Valid Accounts: Cloud Accounts",
      "Initial Access, Persistence, Privilege Escalation, Defense Evasion"),
  ADVERSARY_IN_THE_MIDDLE("T1557", "Adversary-in-the-Middle", "Credential Access, Collection"),
  NETWORK_SNIFFING("T1040", "Network Sniffing", "Credential Access, Discovery");

  private final String id;
  private final String title;
  private final String tactics;

  AttackTechnique(String id, String title, String tactics) {
    this.id = id;
    this.title = title;
    this.tactics = tactics;
  }

  /** The technique's id, e.g. T1530 or T1562.008. */
  public String id() {
    return id;
  }

  /** Its name on attack.mitre.org, a sub-technique's prefixed with its parent's. */
  public String title() {
    return title;
  }

  /** The ATT&CK tactics it serves. */
  public String tactics() {
    return tactics;
  }

  /** Its page, e.g. https://attack.mitre.org/techniques/T1562/008/. */
  public String url() {
    return "https://attack.mitre.org/techniques/" + id.replace('.', '/') + "/";
  }

  public static Optional<AttackTechnique> byId(String id) {
    return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst();
  }
}
