package io.partita.broker;

import io.netty.util.concurrent.DefaultThreadFactory;
import io.partita.broker.cluster.TopicManager;
import io.partita.broker.cluster.TopicStore;
import io.partita.broker.config.BrokerConfig;
import io.partita.broker.config.ConfigException;
import io.partita.broker.group.ClientIdClaims;
import io.partita.broker.group.GroupCoordinator;
import io.partita.broker.log.LogManager;
import io.partita.broker.network.SocketServer;
import io.partita.broker.replication.ReplicaManager;
import io.partita.broker.request.AddPartitionsToTxnHandler;
import io.partita.broker.request.ApiVersionsHandler;
import io.partita.broker.group.share.ShareGroupManager;
import io.partita.broker.request.CreateSubscriptionHandler;
import io.partita.broker.request.AuthenticateHandler;
import io.partita.broker.request.RequestContext;
import io.partita.broker.security.Authenticator;
import io.partita.broker.security.UsersFile;
import io.partita.broker.request.CreateTopicsHandler;
import io.partita.broker.request.DeleteSubscriptionHandler;
import io.partita.broker.request.DeleteTopicsHandler;
import io.partita.broker.request.EndTxnHandler;
import io.partita.broker.request.DescribeGroupsHandler;
import io.partita.broker.request.FetchHandler;
import io.partita.broker.request.FindCoordinatorHandler;
import io.partita.broker.request.HeartbeatHandler;
import io.partita.broker.request.JoinGroupHandler;
import io.partita.broker.request.LeaveGroupHandler;
import io.partita.broker.request.ListGroupsHandler;
import io.partita.broker.request.OffsetCommitHandler;
import io.partita.broker.request.OffsetFetchHandler;
import io.partita.broker.request.SyncGroupHandler;
import io.partita.broker.request.InitProducerIdHandler;
import io.partita.broker.request.ListOffsetsHandler;
import io.partita.broker.request.ListSubscriptionsHandler;
import io.partita.broker.request.ShareBrowseHandler;
import io.partita.broker.request.ClientIdClaimHandler;
import io.partita.broker.request.TxnShareAcknowledgeHandler;
import io.partita.broker.group.share.ShareTransactionParticipant;
import io.partita.broker.request.MetadataHandler;
import io.partita.broker.request.ProduceHandler;
import io.partita.broker.request.RequestDispatcher;
import io.partita.broker.request.ShareAcknowledgeHandler;
import io.partita.broker.request.ShareFetchHandler;
import io.partita.broker.request.XaCommitHandler;
import io.partita.broker.request.XaForgetHandler;
import io.partita.broker.request.XaPrepareHandler;
import io.partita.broker.request.XaRecoverHandler;
import io.partita.broker.request.XaRollbackHandler;
import io.partita.broker.request.XaStartHandler;
import io.partita.broker.txn.ProducerIdManager;
import io.partita.broker.txn.TransactionCoordinator;
import io.partita.protocol.wire.api.MetadataResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A running Partita broker: storage, partitions, request handlers and the listener, wired
 * together from a {@link BrokerConfig}.
 *
 * <pre>{@code
 * try (PartitaServer server = PartitaServer.start(BrokerConfig.defaults()
 *         .with("listeners", "PLAINTEXT://127.0.0.1:0").with("log.dirs", dir))) {
 *     int port = server.port();
 *     ...
 * }
 * }</pre>
 *
 * <p>{@link #close()} shuts down cleanly: it stops accepting connections and reading requests,
 * answers waiting long polls with what they have, waits for requests already read to be answered,
 * closes the connections, writes producer state snapshots, and closes the logs (flushed, with
 * checkpoints and the clean-shutdown marker), so the next start needs no recovery. Thread-safe.
 */
public final class PartitaServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PartitaServer.class);

    /** How long a clean shutdown waits for requests already read to be answered. */
    private static final long DRAIN_TIMEOUT_MS = 30_000;

    private final BrokerConfig config;
    private final List<Path> logDirs;
    private final CountDownLatch closed = new CountDownLatch(1);
    private LogManager logManager;
    private ScheduledExecutorService timer;
    private ReplicaManager replicaManager;
    private TopicManager topicManager;
    private TransactionCoordinator transactionCoordinator;
    private GroupCoordinator groupCoordinator;
    private ExecutorService requestThreads;
    private ShareGroupManager shareGroups;
    private final ClientIdClaims clientIdClaims = new ClientIdClaims();
    private SocketServer socketServer;
    private boolean closing;

    private PartitaServer(BrokerConfig config) {
        this.config = config;
        List<Path> dirs = new ArrayList<>();
        for (Path d : config.logDirs()) {
            dirs.add(d.toAbsolutePath().normalize());
        }
        this.logDirs = List.copyOf(dirs);
    }

    /**
     * Starts a broker: loads (and if needed recovers) the logs, the topics and the producer
     * state, then listens.
     *
     * @throws IOException when a log directory cannot be used (for example it is locked by
     *                     another broker) or the metadata in it cannot be read
     */
    public static PartitaServer start(BrokerConfig config) throws IOException {
        PartitaServer server = new PartitaServer(config);
        try {
            server.startUp();
            return server;
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.close();
            throw new IOException("interrupted while starting", e);
        }
    }

    private void startUp() throws IOException, InterruptedException {
        Authenticator authenticator = authenticator();
        config.zookeeperConnect().ifPresent(zk -> LOG.warn("zookeeper.connect={} is accepted but not used yet: "
                + "this broker runs alone and keeps its metadata in its log directories", zk));
        logManager = LogManager.start(logDirs, config.logConfig(), Clock.systemUTC(), config.retentionCheckIntervalMs(),
                config.checkpointIntervalMs());
        TopicStore store = TopicStore.load(logDirs);
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, new DefaultThreadFactory("partita-timer", true));
        t.setRemoveOnCancelPolicy(true);
        timer = t;
        replicaManager = new ReplicaManager(config.brokerId(), logManager, timer, config.checkpointIntervalMs());
        topicManager = TopicManager.start(config, store, replicaManager, logManager);
        ProducerIdManager producerIds = ProducerIdManager.load(logDirs);
        groupCoordinator = GroupCoordinator.start(config.groupConfig(), Clock.systemUTC(), topicManager, replicaManager,
                timer);
        requestThreads = Executors.newFixedThreadPool(config.numIoThreads(), new DefaultThreadFactory("partita-request", true));
        shareGroups = ShareGroupManager.start(config.shareConfig(), topicManager, replicaManager, logDirs.get(0),
                Clock.systemUTC(), timer, requestThreads);
        // Share groups take part in transactions; registered before the coordinator reloads, so
        // that transactions it completes at start-up complete their acknowledgements too.
        ShareTransactionParticipant shareParticipant = new ShareTransactionParticipant(shareGroups);
        transactionCoordinator = TransactionCoordinator.start(config.transactionConfig(), topicManager, replicaManager,
                producerIds, Clock.systemUTC(), timer, List.of(shareParticipant));
        shareParticipant.resolveAfterRestart(transactionCoordinator.transactionStates());
        RequestDispatcher dispatcher = new RequestDispatcher(List.of(
                new ApiVersionsHandler(),
                new MetadataHandler(this::advertisedBroker, topicManager, replicaManager),
                new CreateTopicsHandler(topicManager),
                new DeleteTopicsHandler(topicManager),
                new ProduceHandler(topicManager, replicaManager, transactionCoordinator),
                new FetchHandler(replicaManager),
                new ListOffsetsHandler(replicaManager),
                new InitProducerIdHandler(producerIds, transactionCoordinator),
                new FindCoordinatorHandler(groupCoordinator, id -> id == config.brokerId()
                        ? java.util.Optional.of(advertisedBroker(null)) : java.util.Optional.empty()),
                new JoinGroupHandler(groupCoordinator),
                new SyncGroupHandler(groupCoordinator),
                new HeartbeatHandler(groupCoordinator),
                new LeaveGroupHandler(groupCoordinator),
                new OffsetCommitHandler(groupCoordinator),
                new OffsetFetchHandler(groupCoordinator),
                new ListGroupsHandler(groupCoordinator),
                new DescribeGroupsHandler(groupCoordinator),
                new AddPartitionsToTxnHandler(transactionCoordinator),
                new EndTxnHandler(transactionCoordinator),
                new XaStartHandler(transactionCoordinator.xa()),
                new XaPrepareHandler(transactionCoordinator.xa()),
                new XaCommitHandler(transactionCoordinator.xa()),
                new XaRollbackHandler(transactionCoordinator.xa()),
                new XaRecoverHandler(transactionCoordinator.xa()),
                new XaForgetHandler(transactionCoordinator.xa()),
                new ShareFetchHandler(shareGroups, replicaManager, requestThreads),
                new ShareAcknowledgeHandler(shareGroups),
                new CreateSubscriptionHandler(shareGroups),
                new DeleteSubscriptionHandler(shareGroups),
                new ListSubscriptionsHandler(shareGroups),
                new ShareBrowseHandler(shareGroups),
                new TxnShareAcknowledgeHandler(transactionCoordinator, shareGroups),
                new AuthenticateHandler(authenticator, timer, config.authenticationFailureDelayMs()),
                new ClientIdClaimHandler(clientIdClaims)),
                List.of(new RequestDispatcher.ConnectionListener() {
                    @Override
                    public void connectionOpened(String connectionId) {
                        shareGroups.connectionOpened(connectionId);
                        clientIdClaims.connectionOpened(connectionId);
                    }

                    @Override
                    public void connectionClosed(String connectionId) {
                        shareGroups.connectionClosed(connectionId);
                        clientIdClaims.connectionClosed(connectionId);
                    }
                }));
        BrokerConfig.Listener listener = config.listener();
        String vmName = config.vmListenerName().orElse(null);
        socketServer = SocketServer.start(new SocketServer.Options(
                listener == null ? null : listener.wildcard() ? "" : listener.host(), listener == null ? 0 : listener.port(),
                vmName, config.numNetworkThreads(), config.socketRequestMaxBytes(),
                config.connectionMaxInflightRequests(), authenticator.anonymousAllowed()), dispatcher, requestThreads);
        LOG.info("Partita broker {} listening on {}{} with data in {}; {} user(s), anonymous access {}",
                config.brokerId(), listener == null ? "" : (listener.wildcard() ? "*" : listener.host()) + ":" + socketServer.port(),
                vmName == null ? "" : (listener == null ? "" : " and ") + "vm://" + vmName, logDirs,
                authenticator.userCount(), authenticator.anonymousAllowed() ? "allowed" : "refused");
    }

    private Authenticator authenticator() {
        Authenticator a = new Authenticator(config.usersFile().map(UsersFile::load).orElse(java.util.Map.of()),
                config.authenticationAllowAnonymous());
        if (!a.anonymousAllowed() && a.userCount() == 0) {
            throw new ConfigException(BrokerConfig.AUTHENTICATION_ALLOW_ANONYMOUS + "=false but no users are defined ("
                    + BrokerConfig.AUTHENTICATION_USERS_FILE + (config.usersFile().isPresent() ? " " + config.usersFile().get()
                    + " has none" : " is not set") + "): no client could connect");
        }
        return a;
    }

    private MetadataResponse.Broker advertisedBroker(RequestContext context) {
        if ((context != null && context.inVm()) || config.listener() == null) {
            return new MetadataResponse.Broker(config.brokerId(), "vm://" + config.vmListenerName().orElseThrow(), 0, null);
        }
        BrokerConfig.Listener l = config.advertisedListener().orElse(config.listener());
        String host = l.host();
        if (l.wildcard()) {
            try {
                host = InetAddress.getLocalHost().getCanonicalHostName();
            } catch (UnknownHostException e) {
                host = "localhost";
            }
        }
        return new MetadataResponse.Broker(config.brokerId(), host, l.port() == 0 ? port() : l.port(), null);
    }

    /**
     * The TCP port the broker listens on (the one chosen when the listener asked for port 0), or
     * -1 when it listens in-VM only.
     */
    public int port() {
        return socketServer.port();
    }

    /** The JMS client ids held by connections to this broker. */
    public ClientIdClaims clientIdClaims() {
        return clientIdClaims;
    }

    /** The configuration the broker runs with. */
    public BrokerConfig config() {
        return config;
    }

    /** The log directories, absolute. */
    public List<Path> logDirs() {
        return logDirs;
    }

    /** The hosted partitions; for tests in this package. */
    ReplicaManager replicaManager() {
        return replicaManager;
    }

    /** The transaction coordinator; for components that take part in transactions. */
    public TransactionCoordinator transactionCoordinator() {
        return transactionCoordinator;
    }

    /** Blocks until {@link #close()} has finished. */
    public void awaitShutdown() throws InterruptedException {
        closed.await();
    }

    /** Shuts down cleanly (see the class comment). Idempotent; later calls wait for the first. */
    @Override
    public void close() {
        synchronized (this) {
            if (closing) {
                try {
                    closed.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            closing = true;
        }
        try {
            shutDown();
        } finally {
            closed.countDown();
        }
    }

    private void shutDown() {
        LOG.info("Partita broker {} shutting down", config.brokerId());
        if (socketServer != null) {
            socketServer.quiesce();
        }
        if (groupCoordinator != null) {
            groupCoordinator.close();
        }
        if (replicaManager != null) {
            replicaManager.delayedOperations().completeAll();
        }
        if (socketServer != null) {
            try {
                if (!socketServer.awaitDrained(DRAIN_TIMEOUT_MS)) {
                    LOG.warn("some requests were still running after {} ms; closing their connections", DRAIN_TIMEOUT_MS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            socketServer.close();
        }
        if (requestThreads != null) {
            requestThreads.shutdown();
            try {
                requestThreads.awaitTermination(DRAIN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (shareGroups != null) {
            shareGroups.close();
        }
        if (transactionCoordinator != null) {
            transactionCoordinator.close();
        }
        if (replicaManager != null) {
            replicaManager.close();
        }
        if (timer != null) {
            timer.shutdownNow();
        }
        if (logManager != null) {
            try {
                logManager.close();
            } catch (IOException e) {
                LOG.error("closing the logs failed; the next start will recover them", e);
            }
        }
        LOG.info("Partita broker {} stopped", config.brokerId());
    }
}
