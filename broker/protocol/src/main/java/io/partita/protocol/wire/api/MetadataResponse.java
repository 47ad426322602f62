package io.partita.protocol.wire.api;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import java.util.List;
import java.util.Objects;

/**
 * The cluster's brokers and the requested topics' partitions.
 *
 * <p>Version 0: brokers [nodeId int32, host string, port int32, rack nullable string],
 * clusterId nullable string, controllerId int32, topics [error int16, name string,
 * partitions [error int16, partition int32, leader int32, leaderEpoch int32,
 * replicas [int32], isr [int32]]].
 *
 * @param brokers the live brokers
 * @param clusterId the cluster's id, or null if not known yet
 * @param controllerId the id of the controller broker, or -1 if there is none
 * @param topics one entry per requested (or, for a null request list, existing) topic
 */
public record MetadataResponse(List<Broker> brokers, String clusterId, int controllerId, List<Topic> topics)
        implements ApiResponse {

    /**
     * A live broker.
     *
     * @param nodeId the broker's id
     * @param host the host name clients connect to
     * @param port the port clients connect to
     * @param rack the broker's rack, or null
     */
    public record Broker(int nodeId, String host, int port, String rack) {
        /** Checks required fields. */
        public Broker {
            Objects.requireNonNull(host, "host");
        }
    }

    /**
     * A topic's state.
     *
     * @param error NONE, or why the topic could not be described (e.g. UNKNOWN_TOPIC_OR_PARTITION)
     * @param name the topic's name
     * @param partitions its partitions; empty when {@code error} is set
     */
    public record Topic(Errors error, String name, List<Partition> partitions) {
        /** Checks required fields. */
        public Topic {
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(partitions, "partitions");
        }
    }

    /**
     * A partition's leadership.
     *
     * @param error NONE, or e.g. LEADER_NOT_AVAILABLE during an election
     * @param partition the partition number
     * @param leader the id of the leader broker, or -1 if there is none
     * @param leaderEpoch the leader epoch, bumped at every leader change
     * @param replicas the ids of all assigned replicas, preferred leader first
     * @param isr the ids of the in-sync replicas
     */
    public record Partition(Errors error, int partition, int leader, int leaderEpoch,
                            List<Integer> replicas, List<Integer> isr) {
        /** Checks required fields. */
        public Partition {
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(replicas, "replicas");
            Objects.requireNonNull(isr, "isr");
        }
    }

    /** Checks required fields. */
    public MetadataResponse {
        Objects.requireNonNull(brokers, "brokers");
        Objects.requireNonNull(topics, "topics");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.METADATA;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.METADATA.checkVersion(version);
        writer.writeArray(brokers, (w, b) -> {
            w.writeInt32(b.nodeId());
            w.writeString(b.host());
            w.writeInt32(b.port());
            w.writeNullableString(b.rack());
        });
        writer.writeNullableString(clusterId);
        writer.writeInt32(controllerId);
        writer.writeArray(topics, (w, t) -> {
            t.error().write(w);
            w.writeString(t.name());
            w.writeArray(t.partitions(), (pw, p) -> {
                p.error().write(pw);
                pw.writeInt32(p.partition());
                pw.writeInt32(p.leader());
                pw.writeInt32(p.leaderEpoch());
                pw.writeArray(p.replicas(), WireWriter::writeInt32);
                pw.writeArray(p.isr(), WireWriter::writeInt32);
            });
        });
    }

    /**
     * Decodes the body.
     *
     * @param reader the reader
     * @param version the api version
     * @return the response
     */
    public static MetadataResponse read(WireReader reader, short version) {
        ApiKey.METADATA.checkVersion(version);
        List<Broker> brokers = reader.readArray("brokers", 12, r -> new Broker(
                r.readInt32("brokers[].nodeId"),
                r.readString("brokers[].host"),
                r.readInt32("brokers[].port"),
                r.readNullableString("brokers[].rack")));
        String clusterId = reader.readNullableString("clusterId");
        int controllerId = reader.readInt32("controllerId");
        List<Topic> topics = reader.readArray("topics", 8, r -> new Topic(
                Errors.read(r, "topics[].error"),
                r.readString("topics[].name"),
                r.readArray("topics[].partitions", 22, MetadataResponse::readPartition)));
        return new MetadataResponse(brokers, clusterId, controllerId, topics);
    }

    private static Partition readPartition(WireReader r) {
        return new Partition(
                Errors.read(r, "topics[].partitions[].error"),
                r.readInt32("topics[].partitions[].partition"),
                r.readInt32("topics[].partitions[].leader"),
                r.readInt32("topics[].partitions[].leaderEpoch"),
                r.readArray("topics[].partitions[].replicas", 4, pr -> pr.readInt32("topics[].partitions[].replicas[]")),
                r.readArray("topics[].partitions[].isr", 4, pr -> pr.readInt32("topics[].partitions[].isr[]")));
    }
}
