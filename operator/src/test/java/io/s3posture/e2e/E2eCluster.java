package io.s3posture.e2e;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.s3posture.aws.AwsClientFactory;
import io.s3posture.aws.AwsTarget;
import io.s3posture.localstack.MotoServer;
import io.s3posture.localstack.image.ImageRecipe;
import io.s3posture.localstack.image.OperatorImageBuilder;
import io.s3posture.localstack.image.OperatorImageBuilder.BuiltImage;
import io.s3posture.localstack.node.NodeCluster;
import io.s3posture.localstack.proxy.FaultProxy;
import io.s3posture.testing.CommandResult;
import io.s3posture.testing.OperatorJar;
import io.s3posture.testing.TestStack;
import io.s3posture.testing.ToolBinary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The e2e run's world: a one-node cluster from real components ({@link NodeCluster}), the operator
 * image built here from the image recipe and pushed to the node's registry, the chart packaged and
 * pushed there as an OCI artifact, and a fault proxy in front of moto on the node's address (where
 * pods reach it), which records who signed each request. One per test run; tests install the chart
 * from the registry with {@link #helm}, as users do.
 */
public final class E2eCluster implements AutoCloseable {

  public static final String IMAGE_REPOSITORY = "s3-posture-operator";
  public static final String CHART_NAME = "s3-posture-operator";
  private static final Path CHART_DIR =
      Path.of("..", "helm", CHART_NAME).toAbsolutePath().normalize();
  private static final Path CLASS_LIST =
      Path.of("src", "main", "cds", "s3-posture-operator.classlist").toAbsolutePath();
  private static final Path WORK = Path.of("target", "e2e").toAbsolutePath();

  private final NodeCluster node;
  private final KubernetesClient kubernetes;
  private final FaultProxy proxy;
  private final AwsClientFactory aws;
  private final Path helm;
  private final Path kubectl;
  private final String chartVersion;
  private final BuiltImage image;
  private final String imageDigest;
  private final Figures figures;
  private final PodLogKeeper podLogs;

  private E2eCluster(
      NodeCluster node,
      KubernetesClient kubernetes,
      FaultProxy proxy,
      String chartVersion,
      BuiltImage image,
      String imageDigest,
      Figures figures) {
    this.node = node;
    this.kubernetes = kubernetes;
    this.proxy = proxy;
    this.aws = new AwsClientFactory(List.of(), 3);
    this.helm = ToolBinary.require("helm");
    this.kubectl = ToolBinary.require("kubectl");
    this.chartVersion = chartVersion;
    this.image = image;
    this.imageDigest = imageDigest;
    this.figures = figures;
    this.podLogs =
        new PodLogKeeper(node.workDir().resolve("kubelet/pod-logs"), WORK.resolve("pod-logs"));
  }

  static E2eCluster start() {
    Figures figures = new Figures(WORK.resolve("figures.txt"));
    long started = System.nanoTime();
    NodeCluster node = NodeCluster.start(WORK.resolve("node"));
    try {
      figures.record(
          "cluster start (etcd, API server, controllers, registry, containerd, kubelet, kube-proxy)",
          seconds(started));
      KubernetesClient kubernetes = client(node.kubeconfig());
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> nodeReady(kubernetes.nodes().withName(NodeCluster.NODE_NAME).get()));
      FaultProxy proxy =
          FaultProxy.start(
              node.stack().moto().endpoint(), InetAddress.getByName(node.addresses().nodeIp()), 0);
      long imageStart = System.nanoTime();
      BuiltImage image =
          new OperatorImageBuilder(node.tools().imageTools(), ImageRecipe.OPERATOR)
              .build(
                  OperatorJar.require(),
                  CLASS_LIST,
                  WORK.resolve("image"),
                  chartField("appVersion"));
      figures.record("image build (base cached)", seconds(imageStart));
      figures.record("image size compressed MiB", image.compressedBytes() / 1048576.0);
      figures.record("image size unpacked MiB", image.unpackedBytes() / 1048576.0);
      String digest = image.layout().push(image.tag(), node.registry().host(), IMAGE_REPOSITORY);
      E2eCluster cluster =
          new E2eCluster(node, kubernetes, proxy, chartField("version"), image, digest, figures);
      cluster.pushChart();
      return cluster;
    } catch (IOException e) {
      node.close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException | Error e) {
      node.close();
      throw e;
    }
  }

  private void pushChart() {
    Path packaged = WORK.resolve("chart");
    helm("package", CHART_DIR.toString(), "--destination", packaged.toString()).successfulOutput();
    helm(
            "push",
            packaged.resolve(CHART_NAME + "-" + chartVersion + ".tgz").toString(),
            "oci://" + node.registry().host() + "/charts",
            "--plain-http")
        .successfulOutput();
  }

  /** {@code oci://127.0.0.1:PORT/charts/s3-posture-operator}: what users install. */
  public String chartReference() {
    return "oci://" + node.registry().host() + "/charts/" + CHART_NAME;
  }

  public String chartVersion() {
    return chartVersion;
  }

  /** The image repository in the registry, as {@code image.repository} names it. */
  public String imageRepository() {
    return node.registry().host() + "/" + IMAGE_REPOSITORY;
  }

  public String imageDigest() {
    return imageDigest;
  }

  public BuiltImage image() {
    return image;
  }

  public KubernetesClient kubernetes() {
    return kubernetes;
  }

  public NodeCluster node() {
    return node;
  }

  /** The proxy in front of moto that pods reach, at the node's address. */
  public FaultProxy proxy() {
    return proxy;
  }

  /** S3 as a test sees it: straight to moto on loopback, static test credentials. */
  public S3Client s3() {
    return aws.clientsFor(
            AwsTarget.of(TestStack.REGION)
                .withEndpoint(node.stack().moto().endpoint())
                .withAccountId(MotoServer.ACCOUNT_ID))
        .s3();
  }

  public Figures figures() {
    return figures;
  }

  /** helm with the cluster's kubeconfig. */
  public CommandResult helm(String... args) {
    List<String> command = new ArrayList<>(List.of(helm.toString()));
    command.addAll(List.of(args));
    return CommandResult.run(WORK.getParent(), env(), 300, command);
  }

  /** A shell command line (e.g. a documented pipeline) with helm and kubectl of the tool cache. */
  public CommandResult shell(String commandLine) {
    Map<String, String> env = new HashMap<>(env());
    env.put("PATH", helm.getParent() + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    return CommandResult.run(
        WORK.getParent(), env, 300, List.of("bash", "-o", "pipefail", "-c", commandLine));
  }

  /** containerd's own client for the pods' containers ({@code k8s.io} namespace). */
  public CommandResult ctr(String... args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                node.tools().ctr().toString(),
                "--address",
                node.containerdSocket().toString(),
                "--namespace",
                "k8s.io"));
    command.addAll(List.of(args));
    return CommandResult.run(WORK.getParent(), Map.of(), 60, command);
  }

  private Map<String, String> env() {
    return Map.of(
        "KUBECONFIG", node.kubeconfig().toString(),
        "HELM_CACHE_HOME", WORK.resolve("helm/cache").toString(),
        "HELM_CONFIG_HOME", WORK.resolve("helm/config").toString(),
        "HELM_DATA_HOME", WORK.resolve("helm/data").toString());
  }

  Path kubectl() {
    return kubectl;
  }

  @Override
  public void close() {
    try {
      podLogs.close();
      aws.close();
      kubernetes.close();
      proxy.close();
    } finally {
      node.close();
    }
  }

  private static KubernetesClient client(Path kubeconfig) throws IOException {
    Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  private static boolean nodeReady(Node node) {
    return node != null
        && node.getStatus() != null
        && node.getStatus().getConditions() != null
        && node.getStatus().getConditions().stream()
            .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
  }

  private static String chartField(String field) {
    try {
      Matcher matcher =
          Pattern.compile("(?m)^" + field + ":\\s*\"?([^\"\\s]+)\"?\\s*$")
              .matcher(Files.readString(CHART_DIR.resolve("Chart.yaml")));
      if (!matcher.find()) {
        throw new IllegalStateException("Chart.yaml has no " + field);
      }
      return matcher.group(1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static double seconds(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1e9;
  }
}
