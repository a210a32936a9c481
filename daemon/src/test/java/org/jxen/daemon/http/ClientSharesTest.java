package org.jxen.daemon.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jxen.daemon.rpc.Origin;
import org.junit.jupiter.api.Test;

/** Turns per client address: who waits for whom, and that nothing is left behind. */
class ClientSharesTest {
    private static final Origin A = new Origin(false, "192.0.2.1");
    private static final Origin B = new Origin(false, "192.0.2.2");

    private final ClientShares shares = new ClientShares(1);

    private CompletableFuture<ClientShares.Turn> take(Origin origin) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return shares.take(origin);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, r -> Thread.ofVirtual().start(r));
    }

    @Test
    void aClientsNextCallWaitsForItsTurnAndTakesItWhenGiven() throws Exception {
        ClientShares.Turn first = shares.take(A);
        CompletableFuture<ClientShares.Turn> second = take(A);
        assertThat(second).failsWithin(200, TimeUnit.MILLISECONDS).withThrowableOfType(TimeoutException.class);
        first.close();
        second.get(10, TimeUnit.SECONDS).close();
        assertThat(shares.clients()).isZero();
    }

    @Test
    void aTurnTriedForIsGivenOnlyWhenFreeAndATriedTurnLeavesNothingBehind() throws Exception {
        ClientShares.Turn first = shares.tryTake(A);
        assertThat(first).isNotNull();
        assertThat(shares.tryTake(A)).isNull();
        try (ClientShares.Turn b = shares.tryTake(B)) {
            assertThat(b).isNotNull();
        }
        first.close();
        assertThat(shares.clients()).isZero();
        shares.tryTake(A).close();
        assertThat(shares.clients()).isZero();
    }

    @Test
    void anotherClientDoesNotWait() throws Exception {
        try (ClientShares.Turn a = shares.take(A); ClientShares.Turn b = take(B).get(10, TimeUnit.SECONDS)) {
            assertThat(shares.clients()).isEqualTo(2);
        }
        assertThat(shares.clients()).isZero();
    }

    @Test
    void callersOnTheUnixSocketAreNotCounted() throws Exception {
        try (ClientShares.Turn one = shares.take(Origin.UNIX_SOCKET); ClientShares.Turn two = shares.take(Origin.UNIX_SOCKET)) {
            assertThat(shares.clients()).isZero();
        }
    }

    @Test
    void aTurnEndedTwiceGivesBackOnePermit() throws Exception {
        ClientShares.Turn first = shares.take(A);
        first.close();
        first.close(); // an event.from ends its turn early, then again when its call ends
        ClientShares.Turn second = shares.take(A);
        assertThat(take(A)).failsWithin(200, TimeUnit.MILLISECONDS).withThrowableOfType(TimeoutException.class);
        second.close();
    }
}
