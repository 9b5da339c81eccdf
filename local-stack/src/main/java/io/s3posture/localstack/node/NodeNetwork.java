package io.s3posture.localstack.node;

import io.s3posture.localstack.HostCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The pods' network on the host: the bridge with the node's address (the CNI bridge plugin attaches
 * each pod's veth to it), IP forwarding and bridged traffic through iptables for Services, and a
 * guard that keeps pods on this machine, and the Services' range routed to the bridge (the node's
 * own requests to a ClusterIP included). The CNI configuration containerd reads is written here
 * too: bridge + host-local + loopback, the plugins of Debian's containernetworking-plugins.
 */
final class NodeNetwork {

  static final String GUARD_CHAIN = "S3PE2E-GUARD";

  private NodeNetwork() {}

  static void create(NodeAddresses addresses) {
    String bridge = addresses.bridge();
    HostCommand.check("ip", "link", "add", bridge, "type", "bridge");
    HostCommand.check("ip", "addr", "add", addresses.nodeCidr(), "dev", bridge);
    HostCommand.check("ip", "link", "set", bridge, "up");
    // Service addresses are the node's business: kube-proxy rewrites them to pods; one it has not
    // (yet) rewritten goes to the bridge, never to the machine's default route
    HostCommand.check("ip", "route", "add", addresses.serviceRange(), "dev", bridge);
    HostState.writeSysctl("net.ipv4.ip_forward", "1");
    HostState.writeSysctl("net.bridge.bridge-nf-call-iptables", "1");
    // a pod's packets may go to the node or to another pod, never beyond the bridge
    HostCommand.check("iptables", "-w", "-N", GUARD_CHAIN);
    HostCommand.check(
        "iptables", "-w", "-A", GUARD_CHAIN, "-i", bridge, "!", "-o", bridge, "-j", "DROP");
    HostCommand.check("iptables", "-w", "-I", "FORWARD", "1", "-j", GUARD_CHAIN);
  }

  /** containerd's CNI configuration: the bridge above, addresses from the pods' subnet. */
  static Path writeCniConfig(NodeAddresses addresses, Path confDir, Path ipamDir) {
    String config =
        """
        {
          "cniVersion": "0.4.0",
          "name": "s3pe2e",
          "plugins": [
            {
              "type": "bridge",
              "bridge": "%s",
              "isGateway": true,
              "ipMasq": false,
              "hairpinMode": true,
              "ipam": {
                "type": "host-local",
                "dataDir": "%s",
                "ranges": [[{"subnet": "%s", "gateway": "%s"}]],
                "routes": [{"dst": "0.0.0.0/0"}]
              }
            }
          ]
        }
        """
            .formatted(addresses.bridge(), ipamDir, addresses.podCidr(), addresses.nodeIp());
    try {
      Files.createDirectories(confDir);
      Files.createDirectories(ipamDir);
      Path file = confDir.resolve("10-s3pe2e.conflist");
      Files.writeString(file, config);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
