package io.s3posture.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Parses the {@code audit} command line: {@code --name value} or {@code --name=value}. */
public final class AuditOptionsParser {

  public static final String USAGE =
      """
      usage: s3posture audit (--bucket NAME ... | --all | --policy FILE) [options]

      Checks S3 buckets against a posture once and prints the result. Never writes to AWS.

      what to check:
        --bucket NAME        a bucket to check (repeatable)
        --all                every bucket the credentials can list, each in its own region
        --policy FILE        check against a BucketPolicy manifest (YAML): its controls and, unless
                             --bucket or --all is given, its buckets; without it the built-in
                             recommended baseline is used. The file is validated and defaulted
                             exactly as the API server does (the CRD is in the jar)
        --suppressions FILE  known findings to accept until they expire (YAML: exemptions: [...]
                             with buckets, controls, reason, owner, expires); see docs/audit.md
      where and as whom:
        --region REGION      region of the buckets (default: the policy's, else every bucket is
                             located with GetBucketLocation)
        --endpoint URL       S3-compatible endpoint, e.g. http://127.0.0.1:5000 for moto
        --profile NAME       AWS profile (default: the default credential chain)
        --role-arn ARN       role to assume through STS
        --external-id ID     ExternalId for --role-arn and the member roles
        --account-id ID      12-digit account: expected bucket owner, and the account whose Block
                             Public Access the baseline checks (default: STS GetCallerIdentity)
      every account of an AWS Organization:
        --organization-role NAME
                             audit each ACTIVE member account of the organization the credentials
                             (or --role-arn) can list, through the role NAME in it, one account
                             after the other; with --all or --policy
        --exclude-account ID an account to leave out (repeatable)
        --include-management-account
                             audit the management account too (default: left out)
      output:
        --output FORMAT      table (default), json or sarif
        --failures-only      the table shows only failing and unevaluated checks
        --fail-on SEVERITY   low|medium|high|critical|none: exit 1 when a check of at least this
                             severity fails or cannot be evaluated (default: medium with the
                             baseline, low with --policy)
        --concurrency N      buckets checked in parallel, 1-64 (default 64)
        --stats              print buckets per second and AWS calls per bucket on stderr
        --version            the version of s3posture
        -h, --help           this help

      exit codes: 0 every check passed, 1 findings at or above --fail-on,
                  2 usage error or no access (credentials, endpoint, listing the buckets)
      """;

  private static final Pattern REGION = Pattern.compile("^[a-z]{2}(-[a-z]+)+-[0-9]+$");
  private static final Pattern ACCOUNT_ID = Pattern.compile("^[0-9]{12}$");

  /** An IAM role name, as the AccountPolicy's memberRoleName accepts it. */
  private static final Pattern ROLE_NAME = Pattern.compile("^[\\w+=,.@-]{1,64}$");

  private static final List<String> VALUED =
      List.of(
          "--bucket",
          "--policy",
          "--region",
          "--endpoint",
          "--profile",
          "--role-arn",
          "--external-id",
          "--account-id",
          "--output",
          "--fail-on",
          "--concurrency",
          "--suppressions",
          "--organization-role",
          "--exclude-account");

  private static final List<String> FLAGS =
      List.of(
          "--all",
          "--stats",
          "--failures-only",
          "--include-management-account",
          "--version",
          "--help");

  /** Whether the line asks for the version (then nothing else is parsed). */
  public static boolean wantsVersion(String[] args) {
    return List.of(args).contains("--version");
  }

  /** Whether the line asks for the help text (then nothing else is parsed). */
  public static boolean wantsHelp(String[] args) {
    return List.of(args).contains("--help") || List.of(args).contains("-h");
  }

  /** Throws {@link UsageException} with a message for people when the line is not valid. */
  public AuditOptions parse(String[] args) {
    List<String> buckets = new ArrayList<>();
    List<String> excluded = new ArrayList<>();
    Map<String, String> single = new HashMap<>();
    boolean all = false;
    boolean stats = false;
    boolean failuresOnly = false;
    boolean includeManagement = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      if (VALUED.contains(name)) {
        String value;
        if (arg.contains("=")) {
          value = arg.substring(arg.indexOf('=') + 1);
        } else if (i + 1 < args.length) {
          value = args[++i];
        } else {
          throw new UsageException(name + " needs a value");
        }
        if (value.isBlank()) {
          throw new UsageException(name + " needs a value");
        }
        if (name.equals("--bucket")) {
          buckets.add(value);
        } else if (name.equals("--exclude-account")) {
          excluded.add(value);
        } else if (single.put(name, value) != null) {
          throw new UsageException(name + " is given more than once");
        }
        continue;
      }
      switch (arg) {
        case "--all" -> all = true;
        case "--stats" -> stats = true;
        case "--failures-only" -> failuresOnly = true;
        case "--include-management-account" -> includeManagement = true;
        default ->
            throw new UsageException(
                arg.startsWith("-")
                    ? "unknown option " + name + didYouMean(name)
                    : "unexpected argument " + arg);
      }
    }
    return validated(
        buckets,
        all,
        stats,
        failuresOnly,
        single,
        organization(single, excluded, includeManagement, buckets));
  }

  private static Optional<AuditOptions.OrganizationOptions> organization(
      Map<String, String> single,
      List<String> excluded,
      boolean includeManagement,
      List<String> buckets) {
    Optional<String> role = Optional.ofNullable(single.get("--organization-role"));
    if (role.isEmpty()) {
      if (!excluded.isEmpty() || includeManagement) {
        throw new UsageException(
            (excluded.isEmpty() ? "--include-management-account" : "--exclude-account")
                + " is only used with --organization-role");
      }
      return Optional.empty();
    }
    if (!ROLE_NAME.matcher(role.get()).matches()) {
      throw new UsageException(
          "--organization-role "
              + role.get()
              + " is not an IAM role name: use up to 64 letters, digits and +=,.@_- (a name, not"
              + " an ARN)");
    }
    if (!buckets.isEmpty()) {
      throw new UsageException(
          "--bucket and --organization-role cannot be combined: a bucket belongs to one account;"
              + " give --all or --policy");
    }
    if (single.containsKey("--account-id")) {
      throw new UsageException(
          "--account-id and --organization-role cannot be combined: each member is its own"
              + " account");
    }
    excluded.stream()
        .filter(a -> !ACCOUNT_ID.matcher(a).matches())
        .findFirst()
        .ifPresent(
            a -> {
              throw new UsageException(
                  "--exclude-account must be a 12-digit AWS account id, not " + a);
            });
    return Optional.of(
        new AuditOptions.OrganizationOptions(role.get(), excluded, includeManagement));
  }

  /** ": did you mean --bucket?" for an option one or two edits away from a known one. */
  static String didYouMean(String option) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String known : Stream.concat(VALUED.stream(), FLAGS.stream()).toList()) {
      int distance = distance(option, known);
      if (distance < bestDistance) {
        best = known;
        bestDistance = distance;
      }
    }
    return bestDistance <= Math.max(2, option.length() / 4) ? " (did you mean " + best + "?)" : "";
  }

  /** Levenshtein distance. */
  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  private static AuditOptions validated(
      List<String> buckets,
      boolean all,
      boolean stats,
      boolean failuresOnly,
      Map<String, String> single,
      Optional<AuditOptions.OrganizationOptions> organization) {
    Optional<Path> policy = Optional.ofNullable(single.get("--policy")).map(Path::of);
    if (all && !buckets.isEmpty()) {
      throw new UsageException("--bucket and --all cannot be combined");
    }
    if (!all && buckets.isEmpty() && policy.isEmpty()) {
      throw new UsageException("say what to check: --bucket NAME, --all or --policy FILE");
    }
    Optional<String> region = Optional.ofNullable(single.get("--region"));
    region
        .filter(r -> !REGION.matcher(r).matches())
        .ifPresent(
            r -> {
              throw new UsageException(r + " is not an AWS region such as eu-west-1");
            });
    Optional<String> accountId = Optional.ofNullable(single.get("--account-id"));
    accountId
        .filter(a -> !ACCOUNT_ID.matcher(a).matches())
        .ifPresent(
            a -> {
              throw new UsageException("--account-id must be a 12-digit AWS account id");
            });
    Optional<String> roleArn = Optional.ofNullable(single.get("--role-arn"));
    Optional<String> externalId = Optional.ofNullable(single.get("--external-id"));
    if (externalId.isPresent() && roleArn.isEmpty() && organization.isEmpty()) {
      throw new UsageException("--external-id is only used with --role-arn or --organization-role");
    }
    return new AuditOptions(
        buckets,
        all,
        policy,
        region,
        Optional.ofNullable(single.get("--endpoint")).map(AuditOptionsParser::endpoint),
        Optional.ofNullable(single.get("--profile")),
        roleArn,
        externalId,
        accountId,
        Optional.ofNullable(single.get("--output"))
            .map(
                o ->
                    OutputFormat.parse(o)
                        .orElseThrow(
                            () ->
                                new UsageException(
                                    "--output must be one of "
                                        + OutputFormat.choices()
                                        + ", not "
                                        + o)))
            .orElse(OutputFormat.TABLE),
        Optional.ofNullable(single.get("--fail-on"))
            .map(
                f ->
                    FailOn.parse(f)
                        .orElseThrow(
                            () ->
                                new UsageException(
                                    "--fail-on must be one of "
                                        + FailOn.choices()
                                        + ", not "
                                        + f))),
        Optional.ofNullable(single.get("--concurrency"))
            .map(AuditOptionsParser::concurrency)
            .orElse(AuditOptions.DEFAULT_CONCURRENCY),
        stats,
        Optional.ofNullable(single.get("--suppressions")).map(Path::of),
        failuresOnly,
        organization);
  }

  private static URI endpoint(String value) {
    try {
      URI uri = URI.create(value);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null) {
        return uri;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new UsageException("--endpoint must be an http:// or https:// URL, not " + value);
  }

  private static int concurrency(String value) {
    try {
      int n = Integer.parseInt(value);
      if (n >= 1 && n <= AuditOptions.MAX_CONCURRENCY) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException(
        "--concurrency must be a number from 1 to " + AuditOptions.MAX_CONCURRENCY);
  }
}
