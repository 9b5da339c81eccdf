package io.s3posture.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.s3posture.api.v1alpha1.AwsSpec;
import io.s3posture.api.v1alpha1.Mode;
import io.s3posture.aws.AwsClientFactory;
import io.s3posture.aws.AwsFailure;
import io.s3posture.control.BucketSubject;
import io.s3posture.control.ControlCatalog;
import io.s3posture.control.ControlName;
import io.s3posture.control.ManagedControl;
import io.s3posture.control.ReadBackVerifier;
import io.s3posture.control.TargetCheck;
import io.s3posture.fleet.ExemptionRules;
import io.s3posture.fleet.Plan;
import io.s3posture.target.BucketTargetResolver;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code plan} command: every write a BucketPolicy would make to its buckets, bucket by bucket
 * in the order the operator makes them, and the plan's hash, which is what {@code
 * s3posture.io/approve-plan} takes under {@code approval: Manual}. Reads only.
 */
public final class PlanCommand {

  public static final String USAGE =
      """
      usage: s3posture plan --policy FILE [--bucket NAME ... | --all] [--as-enforce] [options]

      Prints every write the BucketPolicy in FILE would make to its buckets (or to the buckets
      given), bucket by bucket in the order the operator makes them, and the plan's hash: under
      spec.enforcement.approval: Manual, the operator applies a plan when the annotation
      s3posture.io/approve-plan carries its hash. Controls in Audit mode and exempt controls plan
      nothing. Never writes to AWS.

      options: --as-enforce  plan as if the policy's spec.mode were Enforce: what switching an
                             Audit policy to Enforce would write (a control whose own mode says
                             Audit stays in Audit, as it would after the switch)
               --region, --endpoint, --profile, --role-arn, --external-id, --account-id,
               --concurrency as for audit (audit --help);
               --output table (default: one write per line) or json

      exit codes: 0 nothing to write, 1 writes planned,
                  2 usage error, no access, or a bucket that could not be read (plan incomplete)
      """;

  /** Plan as if spec.mode were Enforce. */
  static final String AS_ENFORCE = "--as-enforce";

  private static final int MAX_ATTEMPTS = 3;
  private static final List<String> AUDIT_ONLY =
      List.of("--suppressions", "--fail-on", "--failures-only", "--stats");

  private PlanCommand() {}

  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (AuditOptionsParser.wantsHelp(args)) {
      out.print(USAGE);
      return 0;
    }
    AuditOptions options;
    PolicyFile policy;
    boolean asEnforce = List.of(args).contains(AS_ENFORCE);
    try {
      options = parse(args);
      AuditConnection.requireProfile(options.profile());
      policy = PolicyFile.load(options.policyFile().get());
      if (!options.bucketsGiven() && policy.buckets().isEmpty()) {
        throw new UsageException("the policy has no spec.buckets: give --bucket or --all");
      }
    } catch (UsageException e) {
      err.println("plan: " + e.getMessage());
      err.println("run 'plan --help' for the options");
      return ExitCodePolicy.ERROR;
    }
    return plan(options, policy, asEnforce, out, err);
  }

  /**
   * The options of a {@code plan} command line ({@code --as-enforce} aside), without reading the
   * policy file or the AWS configuration; a {@link UsageException} says what is wrong.
   */
  public static AuditOptions parse(String[] args) {
    String[] auditArgs =
        Arrays.stream(args).filter(a -> !a.equals(AS_ENFORCE)).toArray(String[]::new);
    for (String arg : auditArgs) {
      String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      if (AUDIT_ONLY.contains(name)) {
        throw new UsageException(name + " is an audit option; plan does not take it");
      }
    }
    AuditOptions options = new AuditOptionsParser().parse(auditArgs);
    if (options.policyFile().isEmpty()) {
      throw new UsageException("plan needs --policy FILE: the BucketPolicy to plan");
    }
    if (options.output() == OutputFormat.SARIF) {
      throw new UsageException("plan prints table or json, not sarif");
    }
    return options;
  }

  private static int plan(
      AuditOptions options,
      PolicyFile policy,
      boolean asEnforce,
      PrintStream out,
      PrintStream err) {
    ControlCatalog catalog = ControlCatalog.standard();
    Optional<String> region = options.region().or(() -> Optional.of(policy.aws().region()));
    AwsSpec aws = AuditConnection.awsSpec(options, Optional.of(policy.aws()), region);
    Mode declared = Mode.orDefault(policy.policy().getSpec().mode());
    Mode mode = asEnforce ? Mode.Enforce : declared;
    List<ManagedControl<BucketSubject, ?, ?>> controls =
        catalog.managedBy(policy.policy().getSpec().controls(), mode);
    Set<ControlName> names =
        controls.stream().map(ManagedControl::name).collect(Collectors.toSet());
    ExemptionRules exemptions =
        new ExemptionRules(
            policy.policy().getSpec().exemptions(),
            names,
            Clock.systemUTC(),
            ExemptionRules.DEFAULT_MAX_AHEAD);
    try (AwsClientFactory clients =
        new AwsClientFactory(List.of(), MAX_ATTEMPTS, options.profile())) {
      AuditConnection connection = new AuditConnection(clients, aws);
      Optional<AwsFailure> noCredentials = clients.credentialsProblem();
      if (noCredentials.isPresent()) {
        err.println(
            "plan: no access: "
                + CredentialsMessage.forPeople(
                    CheckReason.failed(noCredentials.get().kind()),
                    noCredentials.get().getMessage()));
        return ExitCodePolicy.ERROR;
      }
      List<AuditTarget> targets;
      try {
        targets =
            new AuditTargets(new BucketTargetResolver())
                .resolve(options, policy.buckets(), region, connection.bucketGateway(aws.region()));
      } catch (AwsFailure failure) {
        err.println(
            "plan: cannot list the buckets: "
                + CredentialsMessage.forPeople(
                    CheckReason.failed(failure.kind()), failure.getMessage()));
        return ExitCodePolicy.ERROR;
      }
      PlanPreview.Result result =
          new PlanPreview(
                  connection,
                  new TargetCheck(ReadBackVerifier.standard(), catalog.bucketRunOrder()),
                  options.concurrency())
              .plan(controls, exemptions, targets);
      if (options.output() == OutputFormat.JSON) {
        out.println(json(result, targets.size()));
      } else {
        text(result, targets.size(), new Approval(policy, declared, asEnforce), out);
      }
      out.flush();
      if (declared == Mode.Audit && !asEnforce) {
        err.println(
            "plan: the policy is in Audit mode and writes nothing; plan "
                + AS_ENFORCE
                + " shows what Enforce would write");
      }
      result
          .unread()
          .forEach(
              u ->
                  err.println(
                      "plan: "
                          + u.bucket()
                          + (u.control() == null ? "" : " " + u.control())
                          + ": "
                          + u.reason()
                          + ": "
                          + u.message()));
      if (!result.unread().isEmpty()) {
        err.println(
            "plan: incomplete: "
                + result.unread().size()
                + " control(s) could not be read; their writes are not in the plan");
        return ExitCodePolicy.ERROR;
      }
      return result.plan().isEmpty() ? 0 : 1;
    }
  }

  /** How the plan is approved: the policy's own name, and whether its mode must change first. */
  record Approval(PolicyFile policy, Mode declared, boolean asEnforce) {

    String hint(String hash) {
      var metadata = policy.policy().getMetadata();
      String name = metadata != null && metadata.getName() != null ? metadata.getName() : "<name>";
      String namespace =
          metadata != null && metadata.getNamespace() != null
              ? " -n " + metadata.getNamespace()
              : "";
      String annotate =
          "kubectl annotate bucketpolicy "
              + name
              + namespace
              + " s3posture.io/approve-plan="
              + hash
              + " --overwrite";
      return declared == Mode.Audit
          ? "Apply it: set spec.mode: Enforce and spec.enforcement.approval: Manual, then: "
              + annotate
          : "Approve it with: " + annotate;
    }

    String planned() {
      return asEnforce && declared == Mode.Audit ? " (as if spec.mode were Enforce)" : "";
    }
  }

  private static void text(
      PlanPreview.Result result, int buckets, Approval approval, PrintStream out) {
    Plan plan = result.plan();
    if (plan.isEmpty()) {
      out.println("Nothing to write" + approval.planned() + ": " + buckets + " bucket(s) checked.");
      return;
    }
    out.println(
        "Plan "
            + plan.hash()
            + approval.planned()
            + ": "
            + plan.writes()
            + " write(s) to "
            + plan.buckets()
            + " of "
            + buckets
            + " bucket(s) checked");
    plan.lines().forEach(line -> out.println("  " + line.replace('\t', ' ')));
    out.println(approval.hint(plan.hash()));
  }

  private static String json(PlanPreview.Result result, int buckets) {
    ObjectMapper mapper = new ObjectMapper();
    Plan plan = result.plan();
    ObjectNode root = mapper.createObjectNode();
    root.put("tool", AuditCommand.TOOL).put("version", AuditCommand.version());
    if (plan.isEmpty()) {
      root.putNull("hash");
    } else {
      root.put("hash", plan.hash());
    }
    root.put("bucketsChecked", buckets).put("buckets", plan.buckets()).put("writes", plan.writes());
    ArrayNode entries = root.putArray("entries");
    for (Plan.Entry entry : plan.entries()) {
      ObjectNode node = entries.addObject();
      node.put("bucket", entry.bucket()).put("control", entry.control().specName());
      ArrayNode writes = node.putArray("writes");
      entry.writes().forEach(writes::add);
    }
    ArrayNode unread = root.putArray("unread");
    for (PlanPreview.Unread u : result.unread()) {
      ObjectNode node = unread.addObject().put("bucket", u.bucket());
      if (u.control() != null) {
        node.put("control", u.control().specName());
      }
      node.put("reason", u.reason().label()).put("message", u.message());
    }
    return JsonRenderer.pretty(root);
  }
}
