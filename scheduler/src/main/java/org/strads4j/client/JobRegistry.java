package org.strads4j.client;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.cache.Cache;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.CacheAtomicityMode;
import org.apache.ignite.cache.CacheMode;
import org.apache.ignite.cache.CacheWriteSynchronizationMode;
import org.apache.ignite.cache.PartitionLossPolicy;
import org.apache.ignite.cache.affinity.rendezvous.RendezvousAffinityFunction;
import org.apache.ignite.configuration.CacheConfiguration;

/**
 * The cluster's record of submitted jobs, in two caches that outlive any client: {@code strads-jobs}
 * (replicated: a {@link JobStatus} under the job id, and a cancel request under
 * {@code cancel/ID}) and {@code strads-results} (a {@link JobOutput} per finished job, one backup,
 * expired after seven days). Both are also defined in ignite-config/base.xml for server nodes; the
 * same configurations here create them on clusters started otherwise (an embedded one).
 */
final class JobRegistry {
    static final String JOBS = "strads-jobs";
    static final String RESULTS = "strads-results";
    private static final String CANCEL = "cancel/";
    private static final String SUBMISSION = "submission/";

    private JobRegistry() {
    }

    static IgniteCache<String, Object> jobs(Ignite ignite) {
        IgniteCache<String, Object> c = ignite.cache(JOBS);
        if (c != null) {
            return c;
        }
        return ignite.getOrCreateCache(new CacheConfiguration<String, Object>(JOBS)
                .setCacheMode(CacheMode.REPLICATED)
                .setAtomicityMode(CacheAtomicityMode.ATOMIC)
                .setWriteSynchronizationMode(CacheWriteSynchronizationMode.FULL_SYNC)
                .setPartitionLossPolicy(PartitionLossPolicy.READ_WRITE_SAFE));
    }

    static IgniteCache<String, JobOutput> results(Ignite ignite) {
        IgniteCache<String, JobOutput> c = ignite.cache(RESULTS);
        if (c != null) {
            // Results in partitions lost with more nodes than backups are gone (fetch says so); the
            // other partitions stay usable.
            if (!c.lostPartitions().isEmpty()) {
                ignite.resetLostPartitions(List.of(RESULTS));
            }
            return c;
        }
        return ignite.getOrCreateCache(new CacheConfiguration<String, JobOutput>(RESULTS)
                .setCacheMode(CacheMode.PARTITIONED)
                .setAtomicityMode(CacheAtomicityMode.ATOMIC)
                .setBackups(1)
                .setWriteSynchronizationMode(CacheWriteSynchronizationMode.FULL_SYNC)
                .setPartitionLossPolicy(PartitionLossPolicy.READ_WRITE_SAFE)
                .setAffinity(new RendezvousAffinityFunction(false, 64))
                .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new Duration(java.util.concurrent.TimeUnit.DAYS, 7))));
    }

    static void put(Ignite ignite, JobStatus status) {
        jobs(ignite).put(status.id(), status);
    }

    static JobStatus get(Ignite ignite, String id) {
        Object v = jobs(ignite).get(id);
        return v instanceof JobStatus s ? s : null;
    }

    /** Every job the registry knows, newest first. */
    static List<JobStatus> all(Ignite ignite) {
        List<JobStatus> out = new ArrayList<>();
        for (Cache.Entry<String, Object> e : jobs(ignite)) {
            if (e.getValue() instanceof JobStatus s) {
                out.add(s);
            }
        }
        out.sort(Comparator.comparingLong(JobStatus::submittedAt).reversed());
        return out;
    }

    static void putSubmission(Ignite ignite, Submission s) {
        jobs(ignite).put(SUBMISSION + s.jobId, s);
    }

    static Submission submission(Ignite ignite, String id) {
        Object v = jobs(ignite).get(SUBMISSION + id);
        return v instanceof Submission s ? s : null;
    }

    /** The name of the cluster-singleton service that runs job {@code id}'s coordinator. */
    static String serviceName(String id) {
        return "strads-job-" + id;
    }

    static void requestCancel(Ignite ignite, String id) {
        jobs(ignite).put(CANCEL + id, Boolean.TRUE);
    }

    /** Whether a cancel was requested; read from this node's copy when it has one (servers do). */
    static boolean cancelRequested(IgniteCache<String, Object> jobs, String id) {
        Object v = jobs.localPeek(CANCEL + id);
        if (v == null && jobs.localSize() == 0) {
            v = jobs.get(CANCEL + id);
        }
        return Boolean.TRUE.equals(v);
    }
}
