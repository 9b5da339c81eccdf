package io.s3posture.e2e;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.s3posture.localstack.MotoServer;
import io.s3posture.testing.CommandResult;
import io.s3posture.testing.Scrape;
import io.s3posture.testing.TestStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One release of the chart, installed from the registry with {@code helm install oci://...} into a
 * namespace of its own that enforces the {@code restricted} Pod Security Standard, with documented
 * values only: the image in the registry, the namespace watched, moto behind the fault proxy as the
 * default endpoint, and AWS credentials by web identity as EKS's IRSA gives them (the
 * ServiceAccount annotation {@code aws.roleArn}, and what EKS's webhook adds to the pod: a
 * projected service account token for {@code sts.amazonaws.com}, {@code AWS_ROLE_ARN} and {@code
 * AWS_WEB_IDENTITY_TOKEN_FILE}), plus STS's endpoint (moto).
 */
public final class OperatorRelease {

  public static final String ROLE_ARN =
      "arn:aws:iam::" + MotoServer.ACCOUNT_ID + ":role/s3-posture-operator";
  public static final String TOKEN_AUDIENCE = "sts.amazonaws.com";
  public static final String TOKEN_DIR = "/var/run/secrets/eks.amazonaws.com/serviceaccount";
  public static final String SERVICE_ACCOUNT = "s3-posture-operator";
  static final Duration POD_READY = Duration.ofMinutes(3);

  private final E2eCluster cluster;
  private final String namespace;
  private final String release;
  private final Path valuesDir;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private OperatorRelease(E2eCluster cluster, String namespace, String release, Path valuesDir) {
    this.cluster = cluster;
    this.namespace = namespace;
    this.release = release;
    this.valuesDir = valuesDir;
  }

  /** The release's namespace, labelled to enforce the restricted Pod Security Standard. */
  public static OperatorRelease inNewNamespace(E2eCluster cluster, String namespace) {
    cluster
        .kubernetes()
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(namespace)
                .addToLabels("pod-security.kubernetes.io/enforce", "restricted")
                .addToLabels("pod-security.kubernetes.io/enforce-version", "latest")
                .endMetadata()
                .build())
        .create();
    Path values = Path.of("target", "e2e", "values", namespace).toAbsolutePath();
    return new OperatorRelease(cluster, namespace, "s3po", values);
  }

  public String namespace() {
    return namespace;
  }

  public String release() {
    return release;
  }

  /**
   * The values every release of the e2e run has (documented values only; docs/install.md). The
   * first release installs the CRDs; the others, in namespaces of their own, find them installed
   * and are installed with {@code crds.enabled=false}, as docs/install.md says for a second release
   * (a CRD belongs to one release).
   */
  String baseValues() {
    String endpoint = cluster.proxy().endpoint().toString();
    return """
        crds:
          enabled: %8$s
        image:
          repository: %1$s
        watchNamespaces: [%2$s]
        accountPolicies:
          enabled: false
        aws:
          region: %3$s
          defaultEndpoint: %4$s
          roleArn: %5$s
        extraEnv:
          - name: AWS_ROLE_ARN
            value: %5$s
          - name: AWS_WEB_IDENTITY_TOKEN_FILE
            value: %6$s/token
          - name: AWS_ENDPOINT_URL_STS
            value: %4$s
        extraVolumes:
          - name: aws-iam-token
            projected:
              sources:
                - serviceAccountToken:
                    audience: %7$s
                    expirationSeconds: 86400
                    path: token
        extraVolumeMounts:
          - name: aws-iam-token
            mountPath: %6$s
            readOnly: true
        """
        .formatted(
            cluster.imageRepository(),
            namespace,
            TestStack.REGION,
            endpoint,
            ROLE_ARN,
            TOKEN_DIR,
            TOKEN_AUDIENCE,
            !crdsInstalled());
  }

  private boolean crdsInstalled() {
    return cluster
            .kubernetes()
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .withName("bucketpolicies.s3posture.io")
            .get()
        != null;
  }

  /** {@code helm install} from the registry with the base values and {@code values} over them. */
  public CommandResult install(String values) {
    return cluster.helm(
        withValues(
            List.of(
                "install",
                release,
                cluster.chartReference(),
                "--version",
                cluster.chartVersion(),
                "--plain-http",
                "--namespace",
                namespace),
            values));
  }

  /** {@code helm upgrade --reuse-values} with {@code values} over the installed ones. */
  public CommandResult upgrade(String values) {
    return cluster.helm(
        withValues(
            List.of(
                "upgrade",
                release,
                cluster.chartReference(),
                "--version",
                cluster.chartVersion(),
                "--plain-http",
                "--namespace",
                namespace,
                "--reuse-values"),
            values));
  }

  public CommandResult uninstall() {
    return cluster.helm("uninstall", release, "--namespace", namespace, "--wait");
  }

  private String[] withValues(List<String> command, String values) {
    List<String> args = new ArrayList<>(command);
    try {
      Files.createDirectories(valuesDir);
      if (command.get(0).equals("install")) {
        Path base = valuesDir.resolve("base.yaml");
        Files.writeString(base, baseValues());
        args.addAll(List.of("-f", base.toString()));
      }
      if (!values.isBlank()) {
        Path extra = Files.createTempFile(valuesDir, command.get(0), ".yaml");
        Files.writeString(extra, values);
        args.addAll(List.of("-f", extra.toString()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return args.toArray(String[]::new);
  }

  /** The release's operator pods (all shards), newest last. */
  public List<Pod> pods() {
    return cluster
        .kubernetes()
        .pods()
        .inNamespace(namespace)
        .withLabel("app.kubernetes.io/instance", release)
        .list()
        .getItems()
        .stream()
        .sorted(Comparator.comparing((Pod p) -> p.getMetadata().getCreationTimestamp()))
        .toList();
  }

  public List<Pod> readyPods() {
    return pods().stream().filter(OperatorRelease::ready).toList();
  }

  /** Waits until exactly {@code count} pods are Ready and no other pod of the release is left. */
  public List<Pod> awaitReadyPods(int count) {
    return await()
        .atMost(POD_READY)
        .pollInterval(Duration.ofMillis(500))
        .until(
            this::pods,
            pods ->
                pods.size() == count
                    && pods.stream().allMatch(OperatorRelease::ready)
                    && pods.stream()
                        .noneMatch(p -> p.getMetadata().getDeletionTimestamp() != null));
  }

  public static boolean ready(Pod pod) {
    return pod.getStatus() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
  }

  /** GET /metrics on the pod's address, as Prometheus scrapes it. */
  public Scrape scrape(Pod pod) {
    HttpResponse<String> response = get(pod, "/metrics");
    if (response.statusCode() != 200) {
      throw new AssertionError(
          "/metrics of " + pod.getMetadata().getName() + ": " + response.statusCode());
    }
    return Scrape.parse(response.body());
  }

  /** GET /metrics through a Service of the release: its ClusterIP, as kube-proxy routes it. */
  public Scrape scrapeService(String service) {
    var found = cluster.kubernetes().services().inNamespace(namespace).withName(service).get();
    if (found == null) {
      throw new AssertionError("no Service " + service + " in " + namespace);
    }
    int port = found.getSpec().getPorts().get(0).getPort();
    HttpResponse<String> response =
        get(URI.create("http://" + found.getSpec().getClusterIP() + ":" + port + "/metrics"));
    if (response.statusCode() != 200) {
      throw new AssertionError("/metrics through " + service + ": " + response.statusCode());
    }
    return Scrape.parse(response.body());
  }

  public HttpResponse<String> get(Pod pod, String path) {
    return get(URI.create("http://" + pod.getStatus().getPodIP() + ":8080" + path));
  }

  private HttpResponse<String> get(URI uri) {
    try {
      return http.send(
          HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The holder of a leader-election Lease of the release's namespace, if any. */
  public Optional<String> leaseHolder(String lease) {
    Lease found = cluster.kubernetes().leases().inNamespace(namespace).withName(lease).get();
    return Optional.ofNullable(found)
        .map(Lease::getSpec)
        .map(spec -> spec.getHolderIdentity())
        .filter(holder -> !holder.isBlank());
  }

  /** Events of the namespace with {@code reason}, each with its count. */
  public List<Event> events(String reason) {
    return cluster.kubernetes().v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> reason.equals(e.getReason()))
        .toList();
  }

  /** How often events with {@code reason} whose message contains {@code text} were emitted. */
  public int eventCount(String reason, String text) {
    return events(reason).stream()
        .filter(e -> e.getMessage() != null && e.getMessage().contains(text))
        .mapToInt(e -> e.getCount() == null ? 1 : e.getCount())
        .sum();
  }

  /** The running container id of a pod's operator container (containerd's id). */
  public static String containerId(Pod pod) {
    return pod.getStatus().getContainerStatuses().stream()
        .filter(s -> s.getName().equals("operator"))
        .map(s -> s.getContainerID())
        .filter(id -> id != null && id.startsWith("containerd://"))
        .map(id -> id.substring("containerd://".length()))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "no running operator container in " + pod.getMetadata().getName()));
  }
}
