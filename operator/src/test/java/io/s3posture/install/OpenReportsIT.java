package io.s3posture.install;

import static io.s3posture.install.Access.allowed;
import static io.s3posture.install.Access.denied;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.testing.LocalStackExtension;
import io.s3posture.testing.Policies;
import io.s3posture.testing.TestLocks;
import io.s3posture.testing.TestStack;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * OpenReports Reports on the real stack, written by the operator with nothing but the chart's RBAC
 * for {@code reports.enabled} in a namespaced install. In order: without the Report CRD the policy
 * is reconciled as always and one warning says why there are no Reports; once the CRD is installed
 * (a fixture mirroring OpenReports' own) the Report appears by itself and says what status says
 * (drift in Audit = fail, compliant = pass, exempt = skip); it follows a fixed bucket, is not
 * rewritten when nothing changed, and goes with its policy. The CRD is cluster-wide: the class
 * holds {@link TestLocks#OPENREPORTS_CRD} and deletes the CRD when done.
 */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ResourceLock(TestLocks.OPENREPORTS_CRD)
class OpenReportsIT {

  private static final String CRD = "reports.openreports.io";
  private static final String POLICY = "reported";

  private TestStack stack;
  private String namespace;
  private OperatorAsServiceAccount running;
  private KubernetesClient operatorClient;
  private Policies policies;
  private final ListAppender<ILoggingEvent> crdLog = new ListAppender<>();
  private Logger crdLogger;
  private String drifted;
  private String compliant;
  private String exempt;
  private BucketPolicy policy;

  @BeforeAll
  void start(TestStack stack) {
    this.stack = stack;
    deleteCrd();
    this.namespace = stack.createNamespace("reports");
    this.crdLogger = (Logger) LoggerFactory.getLogger("io.s3posture.reports.ReportCrd");
    crdLog.start();
    crdLogger.addAppender(crdLog);
    this.running =
        OperatorAsServiceAccount.start(
            stack,
            namespace,
            "watchNamespaces: [%s]\naccountPolicies: {enabled: false}\nreports: {enabled: true}\n"
                .formatted(namespace),
            Set.of(namespace),
            config -> config.withReports(Duration.ofSeconds(2)));
    this.operatorClient = running.client();
    this.policies = new Policies(stack.kubernetes(), running.operator());
  }

  @AfterAll
  void stop() {
    try {
      if (running != null) {
        running.close();
      }
    } finally {
      if (crdLogger != null) {
        crdLogger.detachAppender(crdLog);
      }
      deleteCrd();
    }
  }

  @Test
  @Order(1)
  void withoutTheCrdPoliciesAreReconciledAndOneWarningSaysWhyThereAreNoReports() {
    String prefix = TestStack.uniqueBucketName("rep");
    drifted = prefix + "-drifted";
    compliant = prefix + "-compliant";
    exempt = prefix + "-exempt";
    for (String bucket : List.of(drifted, compliant, exempt)) {
      stack.seeder().create(bucket);
    }
    stack.seeder().versioning(compliant, BucketVersioningStatus.ENABLED);
    Instant expires = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

    policy =
        policies.applyAndAwaitCheck(
            Policies.manifest(
                namespace,
                POLICY,
                """
                mode: Audit
                buckets:
                  names: [%s, %s, %s]
                controls:
                  versioning: {}
                exemptions:
                  - buckets: ["%s"]
                    controls: [versioning]
                    reason: an archive, versioned by its own lifecycle
                    owner: data-team
                    expires: "%s"
                """
                    .formatted(drifted, compliant, exempt, exempt, expires)));
    policy = policies.checkNow(policy);

    assertThat(policy.getStatus().buckets().drifted()).isEqualTo(1);
    assertThat(policy.getStatus().buckets().compliant()).isEqualTo(1);
    assertThat(policy.getStatus().buckets().exempt()).isEqualTo(1);
    assertThat(messages(Level.WARN))
        .as("one warning, however many reconciles and looks")
        .singleElement()
        .satisfies(
            warning ->
                assertThat(warning)
                    .contains("openreports.io/v1alpha1 Report CRD is not installed")
                    .contains("kubectl apply -f https://github.com/openreports/reports-api/"));
  }

  @Test
  @Order(2)
  void onceTheCrdIsInstalledTheReportAppearsAndSaysWhatStatusSays() throws Exception {
    installCrd();

    GenericKubernetesResource report =
        await().atMost(Policies.TIMEOUT).until(this::report, Objects::nonNull);

    assertThat(messages(Level.INFO)).anySatisfy(m -> assertThat(m).contains("installed now"));
    assertThat(report.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "s3-posture-operator")
        .containsEntry("s3posture.io/report-of", POLICY);
    assertThat(report.getMetadata().getOwnerReferences())
        .as("the garbage collector deletes it with its policy")
        .singleElement()
        .satisfies(
            owner -> {
              assertThat(owner.getApiVersion()).isEqualTo("s3posture.io/v1alpha1");
              assertThat(owner.getKind()).isEqualTo("BucketPolicy");
              assertThat(owner.getName()).isEqualTo(POLICY);
              assertThat(owner.getUid()).isEqualTo(policy.getMetadata().getUid());
              assertThat(owner.getController()).isTrue();
            });
    Map<String, Object> body = report.getAdditionalProperties();
    assertThat(body.get("source")).isEqualTo("s3-posture-operator");
    assertThat(map(body.get("scope")))
        .containsEntry("kind", "BucketPolicy")
        .containsEntry("name", POLICY)
        .containsEntry("namespace", namespace)
        .containsEntry("uid", policy.getMetadata().getUid());
    assertThat(map(map(body.get("configuration")).get("limits"))).containsEntry("maxResults", 500);

    BucketPolicy checked = policies.get(policy);
    Map<String, Object> summary = map(body.get("summary"));
    assertThat(summary)
        .as("one control: the summary counts buckets as status does")
        .containsEntry("fail", checked.getStatus().buckets().drifted())
        .containsEntry("pass", checked.getStatus().buckets().compliant())
        .containsEntry("skip", checked.getStatus().buckets().exempt())
        .containsEntry("error", 0)
        .containsEntry("warn", 0);
    assertThat(summary).containsEntry("fail", 1).containsEntry("pass", 1).containsEntry("skip", 1);

    Map<String, Map<String, Object>> results = resultsByBucket(report);
    assertThat(results.keySet()).containsExactlyInAnyOrder(drifted, compliant, exempt);
    assertThat(results.get(drifted))
        .containsEntry("result", "fail")
        .containsEntry("policy", namespace + "/" + POLICY)
        .containsEntry("rule", "versioning")
        .containsEntry("severity", "medium");
    assertThat(map(results.get(drifted).get("properties")))
        .containsEntry("bucket", drifted)
        .containsEntry("state", "Drifted")
        .containsEntry("reason", "AuditMode");
    assertThat(results.get(drifted).get("resources"))
        .isEqualTo(List.of(Map.of("kind", "S3Bucket", "name", drifted)));
    assertThat(results.get(compliant)).containsEntry("result", "pass");
    assertThat(results.get(exempt)).containsEntry("result", "skip");
    assertThat(String.valueOf(results.get(exempt).get("message"))).contains("data-team");
    assertThat(results.values())
        .allSatisfy(
            r ->
                assertThat(((Number) map(r.get("timestamp")).get("seconds")).longValue())
                    .isPositive());
  }

  @Test
  @Order(3)
  void theReportFollowsAFixedBucketAndIsNotRewrittenWhenNothingChanged() {
    stack.seeder().versioning(drifted, BucketVersioningStatus.ENABLED);
    policies.checkNow(policy);

    GenericKubernetesResource fixed =
        await()
            .atMost(Policies.TIMEOUT)
            .until(
                this::report,
                r -> r != null && "pass".equals(resultsByBucket(r).get(drifted).get("result")));
    assertThat(map(fixed.getAdditionalProperties().get("summary")))
        .containsEntry("pass", 2)
        .containsEntry("fail", 0)
        .containsEntry("skip", 1);

    String version = fixed.getMetadata().getResourceVersion();
    policies.checkNow(policy);
    policies.checkNow(policy);
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(10))
        .until(() -> version.equals(report().getMetadata().getResourceVersion()));
  }

  @Test
  @Order(4)
  void theOperatorMayWriteReportsButNotReadThem() {
    Map<String, String> namespaces = Map.of("NS", namespace);
    for (Access access :
        List.of(
            allowed("create", "openreports.io/reports", "NS"),
            allowed("patch", "openreports.io/reports", "NS"),
            allowed("delete", "openreports.io/reports", "NS"),
            denied("get", "openreports.io/reports", "NS"),
            denied("list", "openreports.io/reports", "NS"),
            denied("create", "openreports.io/reports", "default"))) {
      assertThat(access.review(operatorClient, namespaces))
          .as("%s", access)
          .isEqualTo(access.allowed());
    }
  }

  @Test
  @Order(5)
  void theReportGoesWithItsPolicy() {
    OwnerReference owner = report().getMetadata().getOwnerReferences().get(0);
    assertThat(owner.getUid()).isEqualTo(policy.getMetadata().getUid());

    policies.delete(policy);

    // this API server runs no garbage collector: the operator deletes the Report itself when it
    // forgets the policy (in a cluster the garbage collector would too, through the owner)
    await().atMost(Policies.TIMEOUT).until(() -> report() == null);
  }

  private GenericKubernetesResource report() {
    return stack
        .kubernetes()
        .genericKubernetesResources("openreports.io/v1alpha1", "Report")
        .inNamespace(namespace)
        .withName("s3posture-" + POLICY)
        .get();
  }

  private static Map<String, Map<String, Object>> resultsByBucket(
      GenericKubernetesResource report) {
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> results =
        (List<Map<String, Object>>) report.getAdditionalProperties().get("results");
    return results.stream()
        .collect(
            Collectors.toMap(
                r -> String.valueOf(map(r.get("properties")).get("bucket")), Function.identity()));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  private List<String> messages(Level level) {
    synchronized (crdLog.list) {
      return crdLog.list.stream()
          .filter(e -> e.getLevel() == level)
          .map(ILoggingEvent::getFormattedMessage)
          .toList();
    }
  }

  private void installCrd() throws Exception {
    try (InputStream in =
        getClass().getResourceAsStream("/openreports/reports.openreports.io.yaml")) {
      TestStack.applyCrd(stack.kubernetes(), in);
    }
  }

  /** Deletes the CRD (and with it every Report) and waits until it is gone. */
  private void deleteCrd() {
    var crds = stack.kubernetes().apiextensions().v1().customResourceDefinitions().withName(CRD);
    crds.delete();
    crds.waitUntilCondition(Objects::isNull, 60, TimeUnit.SECONDS);
  }
}
