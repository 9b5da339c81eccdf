package io.s3posture.localstack.node;

import io.s3posture.localstack.LocalStack;
import io.s3posture.localstack.image.OciLayout;
import io.s3posture.localstack.image.PauseImage;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A one-node Kubernetes cluster from real components: the local stack's etcd, kube-apiserver (on
 * the node's address) and moto, plus kube-controller-manager, kube-scheduler, a registry on
 * loopback, containerd + runc, the kubelet and kube-proxy. Pods get addresses on the node's bridge;
 * images come from the registry. Closing it stops everything and puts the machine back ({@link
 * HostState}), as does the next start after a run that was killed. Needs root.
 */
public final class NodeCluster implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(NodeCluster.class);
  public static final String NODE_NAME = "s3pe2e-node";

  private final Path workDir;
  private final NodeTools tools;
  private final NodeAddresses addresses;
  private final LocalStack stack;
  private final Registry registry;
  private final Containerd containerd;
  private final HostState host;
  private final Deque<AutoCloseable> running;

  private NodeCluster(
      Path workDir,
      NodeTools tools,
      NodeAddresses addresses,
      LocalStack stack,
      Registry registry,
      Containerd containerd,
      HostState host,
      Deque<AutoCloseable> running) {
    this.workDir = workDir;
    this.tools = tools;
    this.addresses = addresses;
    this.stack = stack;
    this.registry = registry;
    this.containerd = containerd;
    this.host = host;
    this.running = running;
  }

  public static NodeCluster start(Path workDir) {
    NodeTools tools = NodeTools.locate();
    NodeAddresses addresses = NodeAddresses.E2E;
    Path dir = workDir.toAbsolutePath();
    HostState host = new HostState(addresses, tools.kubeProxy());
    host.prepare(dir);
    Deque<AutoCloseable> running = new ArrayDeque<>();
    long started = System.nanoTime();
    try {
      NodeNetwork.create(addresses);
      LocalStack stack = LocalStack.start(dir.resolve("stack"), addresses.nodeIp());
      running.push(stack);
      Registry registry = Registry.start(tools, dir.resolve("registry"));
      running.push(registry);
      OciLayout pause = PauseImage.build(tools.imageTools(), tools.pause(), dir.resolve("pause"));
      pause.push(PauseImage.TAG, registry.host(), PauseImage.REPOSITORY);
      String sandboxImage = registry.host() + "/" + PauseImage.REPOSITORY + ":" + PauseImage.TAG;
      Path cniConf =
          NodeNetwork.writeCniConfig(addresses, dir.resolve("cni/net.d"), dir.resolve("cni/ipam"))
              .getParent();
      Containerd containerd =
          Containerd.start(
              tools, dir.resolve("containerd"), sandboxImage, registry.host(), cniConf);
      running.push(containerd);
      running.push(
          ControlPlaneControllers.start(
              tools,
              dir.resolve("controllers"),
              stack.kubeconfig(),
              stack.apiServerCaCertificate(),
              stack.serviceAccountPrivateKey(),
              addresses));
      running.push(
          Kubelet.start(
              tools,
              dir.resolve("kubelet"),
              NODE_NAME,
              addresses,
              stack.kubeconfig(),
              containerd.endpoint()));
      running.push(
          KubeProxy.start(
              tools, dir.resolve("kube-proxy"), NODE_NAME, addresses, stack.kubeconfig()));
      LOG.info(
          "node cluster up in {} ms: API server {}, registry {}, node {}",
          (System.nanoTime() - started) / 1_000_000,
          stack.apiServerUrl(),
          registry.host(),
          addresses.nodeIp());
      return new NodeCluster(dir, tools, addresses, stack, registry, containerd, host, running);
    } catch (RuntimeException e) {
      closeAll(running);
      host.restore(dir);
      throw e;
    }
  }

  public LocalStack stack() {
    return stack;
  }

  public Path kubeconfig() {
    return stack.kubeconfig();
  }

  public NodeAddresses addresses() {
    return addresses;
  }

  public Registry registry() {
    return registry;
  }

  public NodeTools tools() {
    return tools;
  }

  public Path workDir() {
    return workDir;
  }

  /** The CRI endpoint, for {@code ctr} or {@code crictl}. */
  public Path containerdSocket() {
    return containerd.socket();
  }

  /** The runc root of the pods' containers (containerd's {@code k8s.io} namespace). */
  public Path runcRoot() {
    return workDir.resolve("containerd/runc/k8s.io");
  }

  @Override
  public void close() {
    closeAll(running);
    host.restore(workDir);
  }

  private static void closeAll(Deque<AutoCloseable> running) {
    while (!running.isEmpty()) {
      try {
        running.pop().close();
      } catch (Exception e) {
        LOG.warn("failed to stop a node process", e);
      }
    }
  }

  /** Puts the machine back after a run that was killed: {@code java -cp ... NodeCluster clean}. */
  public static void main(String[] args) {
    if (args.length != 1 || !args[0].equals("clean")) {
      System.err.println("usage: NodeCluster clean");
      System.exit(2);
    }
    HostState.recordedWorkDir()
        .ifPresentOrElse(
            dir -> {
              new HostState(NodeAddresses.E2E, NodeToolsPaths.kubeProxy()).restore(dir);
              System.out.println("cleaned up after the node run in " + dir);
            },
            () -> System.out.println("nothing to clean up"));
  }
}
