package io.s3posture.api.v1alpha1;

/**
 * CEL validation rules shared by the schema (RE2 regular expressions). Annotation values must be
 * compile-time constants, so list rules repeat the element rule with their own variable name.
 */
final class ApiPatterns {

  private ApiPatterns() {}

  private static final String BUCKET_NAME = "'^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$'";
  private static final String IPV4 = "'^[0-9]+[.][0-9]+[.][0-9]+[.][0-9]+$'";
  private static final String BUCKET_NAME_HINT =
      "use 3-63 lowercase letters, digits, dots and hyphens, start and end with a letter or"
          + " digit, no two dots in a row, not an IP address";

  static final String BUCKET_NAME_RULE =
      "self.matches(" + BUCKET_NAME + ") && !self.contains('..') && !self.matches(" + IPV4 + ")";

  static final String BUCKET_NAME_MESSAGE =
      "'\"' + self + '\" is not a valid S3 bucket name: " + BUCKET_NAME_HINT + "'";

  private static final String VALID_NAME_N =
      "n.matches(" + BUCKET_NAME + ") && !n.contains('..') && !n.matches(" + IPV4 + ")";

  static final String BUCKET_NAMES_RULE = "self.all(n, " + VALID_NAME_N + ")";

  /**
   * A static sentence: a message built from the list (filter + join over up to 1,000 names) costs
   * more than the API server's CEL budget allows. The item pattern names the offending entry.
   */
  static final String BUCKET_NAMES_MESSAGE = "not valid S3 bucket names: " + BUCKET_NAME_HINT;

  /** What every listed name must look like; the CEL rule adds the checks a pattern cannot make. */
  static final String BUCKET_NAME_PATTERN = "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$";

  private static final String KMS_KEY_ARN =
      "'^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:(key|alias)/[A-Za-z0-9/_+=.@-]+$'";
  private static final String KMS_KEY_EXAMPLE =
      "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

  static final String KMS_KEY_ARN_RULE = "self.matches(" + KMS_KEY_ARN + ")";

  static final String KMS_KEY_ARN_MESSAGE =
      "'\"' + self + '\" is not a KMS key ARN: use the full ARN, such as " + KMS_KEY_EXAMPLE + "'";

  static final String KMS_KEY_ARNS_RULE = "self.all(k, k.matches(" + KMS_KEY_ARN + "))";

  static final String KMS_KEY_ARNS_MESSAGE =
      "every entry must be a full KMS key ARN, such as " + KMS_KEY_EXAMPLE;

  static final String ROLE_ARN_RULE = "self.matches('^arn:aws[a-z-]*:iam::[0-9]{12}:role/.+$')";

  static final String ROLE_ARN_MESSAGE =
      "'\"' + self + '\" is not an IAM role ARN, such as"
          + " arn:aws:iam::111122223333:role/s3-replication'";

  /** Braces only as the placeholder {bucket}. */
  static final String LOG_PREFIX_RULE = "self.matches('^([^{}]|[{]bucket[}])*$')";

  static final String LOG_PREFIX_MESSAGE =
      "targetPrefix may contain '{bucket}' (the name of the bucket whose logs they are) but no"
          + " other '{' or '}': e.g. 'access-logs/{bucket}/'";

  static final String DURATION = "^([0-9]+(ms|s|m|h))+$";

  static final String VPC_ENDPOINTS_RULE = "self.all(e, e.matches('^vpce-[0-9a-f]{8,17}$'))";

  static final String VPC_ENDPOINTS_MESSAGE =
      "every entry must be a VPC endpoint ID such as vpce-1a2b3c4d or vpce-0123456789abcdef0";

  static final String PRINCIPAL_ARNS_RULE =
      "self.all(p, p.matches('^arn:aws[a-z-]*:(iam|sts)::[0-9]{12}:[A-Za-z0-9+=,.@_/*?-]+$'))";

  static final String PRINCIPAL_ARNS_MESSAGE =
      "every entry must be an IAM principal ARN such as"
          + " arn:aws:iam::111122223333:role/break-glass (wildcards * and ? allowed in the name)";

  static final String ACCOUNT_IDS_RULE = "self.all(a, a.matches('^[0-9]{12}$'))";

  static final String ACCOUNT_IDS_MESSAGE = "every entry must be a 12-digit AWS account ID";

  static final String ORGANIZATION_IDS_RULE = "self.all(o, o.matches('^o-[a-z0-9]{10,32}$'))";

  static final String ORGANIZATION_IDS_MESSAGE =
      "every entry must be an AWS Organizations ID such as o-a1b2c3d4e5";
}
