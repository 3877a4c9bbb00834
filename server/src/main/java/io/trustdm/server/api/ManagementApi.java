package io.trustdm.server.api;

import java.util.List;
import java.util.Optional;

/**
 * The operations behind the northbound REST API and the console. One interface so that the in-memory registry and
 * the JDBC stores can sit behind the same routes. Implementations are thread-safe.
 *
 * <p>Secrets go in (a new Device's passwords) and never come out: every view reports whether a secret is set, not its
 * value.
 */
public interface ManagementApi {

    /**
     * Registers a Device with its credentials.
     *
     * @throws ConflictException when the Device identity is already registered
     * @throws InvalidInputException when the credentials do not fit the chosen scheme
     */
    DeviceDetails createDevice(NewDevice device);

    /** Devices whose identity, manufacturer or model contains {@code search} (case-insensitive; blank = all). */
    Page<DeviceSummary> devices(String search, int offset, int limit);

    Optional<DeviceDetails> device(String deviceId);

    /** Forgets a Device, its account and its queued jobs; returns false when it was not registered. */
    boolean deleteDevice(String deviceId);

    /**
     * The values the server has read from the Device so far (DevInfo from Package 1, Results of Get), sorted by path.
     *
     * @throws NotFoundException for an unknown Device
     */
    List<NodeValue> tree(String deviceId);

    /**
     * Queues a job for the Device; it is delivered in the Device's next Management Session.
     *
     * @throws NotFoundException for an unknown Device
     * @throws InvalidInputException when an operation is malformed
     */
    JobView createJob(String deviceId, List<OperationSpec> operations);

    /** Jobs, newest first, optionally only those of one Device ({@code null} = any) or in one state. */
    List<JobView> jobs(String deviceId, JobState state);

    Optional<JobView> job(String jobId);

    /** Generic Alerts (1226) and Client Events (1224), newest first, optionally of one Device. */
    List<AlertView> alerts(String deviceId);

    /** Security audit events, newest first, filtered. */
    List<AuditEntry> audit(AuditQuery query);
}
