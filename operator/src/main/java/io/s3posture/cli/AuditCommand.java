package io.s3posture.cli;

import io.s3posture.api.v1alpha1.AwsSpec;
import io.s3posture.aws.AwsClientFactory;
import io.s3posture.aws.AwsFailure;
import io.s3posture.control.ControlCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * The {@code audit} command: checks buckets once against a posture with the operator's engine, in
 * Audit mode (never writes), prints a report and says with its exit code whether they pass.
 */
public final class AuditCommand {

  /** The tool's name in reports. */
  public static final String TOOL = "s3posture";

  private static final String POM_PROPERTIES =
      "/META-INF/maven/io.s3posture/s3-posture-operator/pom.properties";

  /** SDK attempts per call: the SDK's standard retry count. */
  private static final int MAX_ATTEMPTS = 3;

  private AuditCommand() {}

  /** The jar's version (from Maven's pom.properties in the jar), or "dev" when run from classes. */
  public static String version() {
    try (InputStream in = AuditCommand.class.getResourceAsStream(POM_PROPERTIES)) {
      if (in != null) {
        Properties pom = new Properties();
        pom.load(in);
        return pom.getProperty("version", "dev");
      }
    } catch (IOException e) {
      // the version is only informative
    }
    return "dev";
  }

  /** Runs the command; returns the process exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (AuditOptionsParser.wantsHelp(args)) {
      out.print(AuditOptionsParser.USAGE);
      return ExitCodePolicy.PASSED;
    }
    if (AuditOptionsParser.wantsVersion(args)) {
      out.println(TOOL + " " + version());
      return ExitCodePolicy.PASSED;
    }
    AuditOptions options;
    Optional<PolicyFile> policy;
    Suppressions suppressions;
    try {
      options = new AuditOptionsParser().parse(args);
      AuditConnection.requireProfile(options.profile());
      policy = options.policyFile().map(PolicyFile::load);
      if (policy.isPresent() && !options.bucketsGiven() && policy.get().buckets().isEmpty()) {
        throw new UsageException("the policy has no spec.buckets: give --bucket or --all");
      }
      suppressions = options.suppressions().map(Suppressions::load).orElse(Suppressions.NONE);
    } catch (UsageException e) {
      err.println("audit: " + e.getMessage());
      err.println("run 'audit --help' for the options");
      return ExitCodePolicy.ERROR;
    }
    boolean interactive = err == System.err && StderrTerminal.isTerminal(System.getenv());
    return audit(options, policy, suppressions, out, err, interactive);
  }

  private static int audit(
      AuditOptions options,
      Optional<PolicyFile> policy,
      Suppressions suppressions,
      PrintStream out,
      PrintStream err,
      boolean interactive) {
    ControlCatalog catalog = ControlCatalog.standard();
    Optional<AuditStats> stats = options.stats() ? Optional.of(new AuditStats()) : Optional.empty();
    Optional<String> region = options.region().or(() -> policy.map(file -> file.aws().region()));
    AwsSpec aws = AuditConnection.awsSpec(options, policy.map(PolicyFile::aws), region);
    ReportRenderer renderer = ReportRenderer.of(options.output(), policy, options.failuresOnly());
    try (AwsClientFactory clients =
        new AwsClientFactory(
            stats.map(s -> List.of(s.listener())).orElse(List.of()),
            MAX_ATTEMPTS,
            options.profile())) {
      AuditConnection connection = new AuditConnection(clients, aws);
      long started = System.nanoTime();
      Progress progress = interactive ? new TerminalProgress(err) : Progress.NONE;
      AccountAudit account =
          new AccountAudit(options, policy, suppressions, catalog, region, progress);
      Optional<AwsFailure> noCredentials = clients.credentialsProblem();
      if (noCredentials.isPresent()) {
        // once, rather than once per bucket and check that would fail the same way
        return unableToRun(account, noCredentials.get(), "", renderer, out, err);
      }
      if (options.organization().isPresent()) {
        OrganizationAudit.Outcome outcome =
            new OrganizationAudit(account)
                .run(connection, options.organization().get(), renderer, out, err);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        stats.ifPresent(s -> s.print(err, outcome.buckets(), elapsed));
        return outcome.exitCode();
      }
      AccountAudit.Run run;
      try {
        run = account.run(connection);
      } catch (AccountAudit.BucketsUnlisted unlisted) {
        // nothing else is asked of AWS once the listing failed
        return unableToRun(
            account, unlisted.failure(), "cannot list the buckets: ", renderer, out, err);
      }
      Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
      renderer.render(run.report(), run.verdict(), out);
      out.flush();
      run.verdict()
          .accessProblem()
          .ifPresent(problem -> err.println("audit: no access: " + problem));
      stats.ifPresent(s -> s.print(err, run.buckets(), elapsed));
      return run.verdict().exitCode();
    }
  }

  /** A run that could not start: the report says why, and so does one line on stderr. */
  static int unableToRun(
      AccountAudit account,
      AwsFailure failure,
      String what,
      ReportRenderer renderer,
      PrintStream out,
      PrintStream err) {
    AccountAudit.Run run = account.failed(failure, what);
    renderer.render(run.report(), run.verdict(), out);
    out.flush();
    err.println(
        "audit: "
            + (what.isEmpty() ? "no access: " : "")
            + run.report().error().orElseThrow().message());
    return run.verdict().exitCode();
  }
}
