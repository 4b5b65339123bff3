package org.strads4j.cluster;

import java.util.List;
import org.apache.ignite.Ignite;
import org.apache.ignite.cluster.ClusterNode;

/**
 * The Ignite cluster a job runs on: the coordinator's node handle and the server nodes that act
 * as workers (one worker per server node, in join order).
 */
public interface StradsCluster extends AutoCloseable {

    /** The Ignite instance the coordinator uses to reach the cluster. */
    Ignite coordinator();

    /** The worker nodes; worker {@code w} is element {@code w}. */
    List<ClusterNode> workers();

    /** A short description for provenance, such as "embedded (3 server nodes in-process)". */
    String description();

    @Override
    void close();
}
