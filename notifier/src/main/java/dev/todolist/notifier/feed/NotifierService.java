package dev.todolist.notifier.feed;

import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Service;

import dev.todolist.notifier.v1.ListFeedReply;
import dev.todolist.notifier.v1.ListFeedRequest;
import dev.todolist.notifier.v1.MarkReadReply;
import dev.todolist.notifier.v1.MarkReadRequest;
import dev.todolist.notifier.v1.Notification;
import dev.todolist.notifier.v1.PublishReply;
import dev.todolist.notifier.v1.PublishRequest;
import dev.todolist.notifier.v1.ReactorNotifierGrpc;
import dev.todolist.notifier.v1.SubscribeRequest;
import dev.todolist.notifier.v1.UnreadCountReply;
import dev.todolist.notifier.v1.UserRequest;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTransientException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The {@code todolist.notifier.v1.Notifier} service. A Publish is answered only once its row is committed (an
 * acknowledged event survives any restart); a malformed request is {@code INVALID_ARGUMENT} before the database is
 * touched; a database that is down or slower than {@code notifier.feed.database-timeout} is {@code UNAVAILABLE}.
 */
@Service
class NotifierService extends ReactorNotifierGrpc.NotifierImplBase {

    static final int MAX_PAGE = 200;

    /** Rows per replay query of Subscribe. */
    static final int REPLAY_PAGE = 200;

    private static final Logger log = LoggerFactory.getLogger(NotifierService.class);

    private final FeedRepository feed;

    private final LiveFeeds live;

    private final FeedBell bell;

    private final FeedProperties properties;

    NotifierService(FeedRepository feed, LiveFeeds live, FeedBell bell, FeedProperties properties) {
        this.feed = feed;
        this.live = live;
        this.bell = bell;
        this.properties = properties;
    }

    @Override
    public Mono<PublishReply> publish(PublishRequest request) {
        return Mono.defer(() -> {
            if (!request.hasEvent()) {
                throw TaskEvents.invalid("event must be set");
            }
            StoredNotification row = TaskEvents.validate(request.getEvent());
            return database(feed.insert(request.getEvent().getEventId(), request.getEvent().getSequence(), row))
                .map(inserted -> {
                    if (!inserted.duplicate()) {
                        live.ring(row.userId());
                        bell.announce(row.userId());
                    }
                    return PublishReply.newBuilder()
                        .setNotificationId(NotificationIds.format(inserted.id()))
                        .setDuplicate(inserted.duplicate())
                        .build();
                });
        });
    }

    @Override
    public Mono<ListFeedReply> listFeed(ListFeedRequest request) {
        return Mono.defer(() -> {
            long userId = userId(request.getUserId());
            if (request.getLimit() < 1 || request.getLimit() > MAX_PAGE) {
                throw TaskEvents.invalid("limit must be 1.." + MAX_PAGE);
            }
            long before = request.hasBefore() ? notificationId("before", request.getBefore()) : Long.MAX_VALUE;
            return database(feed.newestBefore(userId, before, request.getLimit()))
                .map(rows -> ListFeedReply.newBuilder().addAllNotifications(messages(rows)).build());
        });
    }

    @Override
    public Mono<UnreadCountReply> unreadCount(UserRequest request) {
        return Mono.defer(() -> database(feed.countUnread(userId(request.getUserId())))
            .map(unread -> UnreadCountReply.newBuilder().setUnread(unread).build()));
    }

    @Override
    public Mono<MarkReadReply> markRead(MarkReadRequest request) {
        return Mono.defer(() -> {
            long userId = userId(request.getUserId());
            long upTo = notificationId("up_to", request.getUpTo());
            return database(feed.markRead(userId, upTo))
                .map(marked -> MarkReadReply.newBuilder().setMarked(marked).build());
        });
    }

    /**
     * The replay and then the live notifications, both read from the table after the last id sent: the
     * subscription's doorbell ({@link LiveFeeds}) is rung once at the start (the replay) and then whenever this or
     * another instance ({@link FeedBell}) stored a row of the user; each ring reads page by page (each page read
     * whole) until the table has nothing newer. One read at a time per stream, so each row goes out once and in id
     * order, whichever instance stored it.
     */
    @Override
    public Flux<Notification> subscribe(SubscribeRequest request) {
        return Flux.defer(() -> {
            long userId = userId(request.getUserId());
            long after = request.hasAfter() ? notificationId("after", request.getAfter()) : 0;
            return Flux.using(() -> live.follow(userId), subscription -> {
                AtomicLong last = new AtomicLong(after);
                return subscription.rings()
                    .concatMap(ring -> Mono.defer(() -> replayPage(userId, last.get()))
                        .expand(page -> page.size() < REPLAY_PAGE ? Mono.empty()
                                : replayPage(userId, page.get(page.size() - 1).id()))
                        .concatMapIterable(page -> page)
                        .doOnNext(row -> last.set(row.id())), 1)
                    .map(StoredNotification::toMessage);
            }, LiveFeeds.Subscription::close);
        });
    }

    private Mono<List<StoredNotification>> replayPage(long userId, long afterId) {
        return database(feed.oldestAfter(userId, afterId, REPLAY_PAGE));
    }

    /** Maps what no client can fix to a status a client understands (reactor-grpc calls it on every error). */
    @Override
    protected Throwable onErrorMap(Throwable error) {
        if (error instanceof StatusRuntimeException || error instanceof StatusException) {
            return error;
        }
        if (isDatabaseUnavailable(error)) {
            log.warn("The feed's database is unavailable: {}", error.toString());
            return Status.UNAVAILABLE.withDescription("the feed's database is unavailable").asRuntimeException();
        }
        log.error("Notifier call failed", error);
        return Status.INTERNAL.withDescription("internal error").asRuntimeException();
    }

    /**
     * A database call with the deadline. Once started, the statement runs to its end even when the caller gives up
     * (a timeout, a cancelled RPC): a statement cancelled half-way is what left r2dbc-mysql's pooled connections
     * unusable in todo-core ({@code DatabaseWork} there).
     */
    private <T> Mono<T> database(Mono<T> call) {
        return Mono.defer(() -> Mono.fromFuture(call.toFuture(), true)).timeout(properties.databaseTimeout());
    }

    private static boolean isDatabaseUnavailable(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof TimeoutException || cause instanceof DataAccessResourceFailureException
                    || cause instanceof TransientDataAccessException || cause instanceof R2dbcTransientException
                    || cause instanceof R2dbcNonTransientResourceException) {
                return true;
            }
        }
        return false;
    }

    private static long userId(long userId) {
        if (userId <= 0) {
            throw TaskEvents.invalid("user_id must be positive");
        }
        return userId;
    }

    private static long notificationId(String field, String id) {
        try {
            return NotificationIds.parse(id);
        }
        catch (IllegalArgumentException ex) {
            throw TaskEvents.invalid(field + " must be a notification id");
        }
    }

    private static List<Notification> messages(List<StoredNotification> rows) {
        return rows.stream().map(StoredNotification::toMessage).toList();
    }
}
