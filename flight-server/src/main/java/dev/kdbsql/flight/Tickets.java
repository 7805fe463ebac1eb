package dev.kdbsql.flight;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import java.util.List;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.sql.impl.FlightSql.TicketStatementQuery;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The tickets the server hands out in its FlightInfos and reads back: an open result's ticket is
 * a packed {@link TicketStatementQuery} whose statement handle is the {@link Execution}'s handle
 * (what a DoGet or a CancelFlightInfo names); a catalog call's ticket is its command itself. One
 * endpoint, with no location (the same server), and unknown row and byte counts.
 */
final class Tickets {
  private Tickets() {}

  /** A FlightInfo of {@code schema} with one endpoint whose ticket is {@code ticket}, packed. */
  static FlightInfo info(Schema schema, FlightDescriptor descriptor, Message ticket) {
    return new FlightInfo(schema, descriptor,
        List.of(new FlightEndpoint(new Ticket(Any.pack(ticket).toByteArray()))), -1, -1);
  }

  /** The FlightInfo of an opened result: its schema, and a ticket naming its handle. */
  static FlightInfo ticketFor(Execution e, FlightDescriptor descriptor) {
    return info(e.schema(), descriptor, TicketStatementQuery.newBuilder()
        .setStatementHandle(ByteString.copyFromUtf8(e.handle())).build());
  }

  /** The result handle {@code ticket} names, or null when it names none. */
  static String handleOf(Ticket ticket) {
    try {
      Any any = Any.parseFrom(ticket.getBytes());
      return any.is(TicketStatementQuery.class)
          ? any.unpack(TicketStatementQuery.class).getStatementHandle().toStringUtf8() : null;
    } catch (InvalidProtocolBufferException e) {
      return null;
    }
  }
}
