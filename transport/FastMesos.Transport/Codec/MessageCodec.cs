using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using FastMesos.Messages;
using MessagePack;

namespace FastMesos.Transport.Codec;

/// <summary>
/// Encodes messages to MessagePack payloads and decodes payloads back, treating every input as
/// untrusted (<see cref="CodecLimits"/>). A payload is exactly one message: trailing bytes are an
/// error. The frame around it (length, <see cref="MessageType"/>) belongs to the framing layer.
/// </summary>
public static class MessageCodec
{
    /// <summary>Writes <paramref name="message"/> to <paramref name="output"/> and returns its type number for the frame header.</summary>
    public static MessageType Write<T>(IBufferWriter<byte> output, in T message)
    {
        // The hot messages skip the MessagePackWriter, with the same bytes (HotMessageWriter). For a
        // struct T these tests fold away when the JIT specialises the method.
        if (typeof(T) == typeof(Ping))
        {
            HotMessageWriter.WritePing(output, in Unsafe.As<T, Ping>(ref Unsafe.AsRef(in message)));
            return MessageType.Ping;
        }

        if (typeof(T) == typeof(Pong))
        {
            HotMessageWriter.WritePong(output, in Unsafe.As<T, Pong>(ref Unsafe.AsRef(in message)));
            return MessageType.Pong;
        }

        var writer = new MessagePackWriter(output);
        MessageType type = Write(ref writer, in message);
        writer.Flush();
        return type;
    }

    /// <summary>Writes <paramref name="message"/> with a writer the caller owns (and flushes).</summary>
    public static MessageType Write<T>(ref MessagePackWriter writer, in T message)
    {
        IMessageFormatter<T> formatter = MessageCodec<T>.Formatter ?? ThrowNotAMessage<T>();
        formatter.Write(ref writer, in message);
        return MessageCodec<T>.Type;
    }

    /// <summary>The type number of message type <typeparamref name="T"/>.</summary>
    public static MessageType TypeOf<T>() => MessageCodec<T>.Type;

    /// <summary>
    /// Decodes a payload of message type <paramref name="type"/> and hands the message to
    /// <paramref name="visitor"/>. Throws <see cref="MessageDecodeException"/> for an unknown type or a
    /// malformed payload, before the visitor sees anything; the visitor's own exceptions pass through
    /// unwrapped. A struct visitor is copied: keep its state in objects it references. Decoded strings
    /// are interned in <paramref name="strings"/>, or <see cref="StringPool.Shared"/> when it is null.
    /// An <see cref="OffersEvent"/> is lent, not given: its offers live in an array rented from
    /// <paramref name="offerArrays"/> (<see cref="ArrayPool{T}.Shared"/> when null) that goes back when
    /// the visit returns, so offers decode with 0 bytes allocated; a visitor that keeps offers copies them.
    /// </summary>
    public static void Decode<TVisitor>(ushort type, in ReadOnlySequence<byte> payload, TVisitor visitor, StringPool? strings = null,
        ArrayPool<Offer>? offerArrays = null)
        where TVisitor : IMessageVisitor
    {
        StringPool pool = strings ?? StringPool.Shared;
        switch ((MessageType)type)
        {
            // Master ↔ agent.
            case MessageType.RegisterAgent: visitor.Visit(Decode<RegisterAgent>(payload, pool)); break;
            case MessageType.ReregisterAgent: visitor.Visit(Decode<ReregisterAgent>(payload, pool)); break;
            case MessageType.AgentRegistered: visitor.Visit(Decode<AgentRegistered>(payload, pool)); break;
            case MessageType.AgentReregistered: visitor.Visit(Decode<AgentReregistered>(payload, pool)); break;
            case MessageType.ShutdownAgent: visitor.Visit(Decode<ShutdownAgent>(payload, pool)); break;
            case MessageType.Ping: visitor.Visit(DecodePing(payload, pool)); break;
            case MessageType.Pong: visitor.Visit(DecodePong(payload, pool)); break;
            case MessageType.RunTask: visitor.Visit(Decode<RunTask>(payload, pool)); break;
            case MessageType.RunTaskGroup: visitor.Visit(Decode<RunTaskGroup>(payload, pool)); break;
            case MessageType.KillTask: visitor.Visit(Decode<KillTask>(payload, pool)); break;
            case MessageType.ShutdownFramework: visitor.Visit(Decode<ShutdownFramework>(payload, pool)); break;
            case MessageType.ApplyOperation: visitor.Visit(Decode<ApplyOperation>(payload, pool)); break;
            case MessageType.StatusUpdate: visitor.Visit(Decode<StatusUpdate>(payload, pool)); break;
            case MessageType.StatusUpdateAcknowledgement: visitor.Visit(Decode<StatusUpdateAcknowledgement>(payload, pool)); break;
            // Scheduler calls.
            case MessageType.SubscribeCall: visitor.Visit(Decode<SubscribeCall>(payload, pool)); break;
            case MessageType.TeardownCall: visitor.Visit(Decode<TeardownCall>(payload, pool)); break;
            case MessageType.AcceptCall: visitor.Visit(Decode<AcceptCall>(payload, pool)); break;
            case MessageType.DeclineCall: visitor.Visit(Decode<DeclineCall>(payload, pool)); break;
            case MessageType.ReviveCall: visitor.Visit(Decode<ReviveCall>(payload, pool)); break;
            case MessageType.KillCall: visitor.Visit(Decode<KillCall>(payload, pool)); break;
            case MessageType.ShutdownCall: visitor.Visit(Decode<ShutdownCall>(payload, pool)); break;
            case MessageType.AcknowledgeCall: visitor.Visit(Decode<AcknowledgeCall>(payload, pool)); break;
            case MessageType.ReconcileCall: visitor.Visit(Decode<ReconcileCall>(payload, pool)); break;
            case MessageType.MessageCall: visitor.Visit(Decode<MessageCall>(payload, pool)); break;
            case MessageType.SuppressCall: visitor.Visit(Decode<SuppressCall>(payload, pool)); break;
            case MessageType.UpdateFrameworkCall: visitor.Visit(Decode<UpdateFrameworkCall>(payload, pool)); break;
            // Scheduler events.
            case MessageType.SubscribedEvent: visitor.Visit(Decode<SubscribedEvent>(payload, pool)); break;
            case MessageType.OffersEvent: DecodeOffers(payload, visitor, pool, offerArrays ?? ArrayPool<Offer>.Shared); break;
            case MessageType.RescindEvent: visitor.Visit(Decode<RescindEvent>(payload, pool)); break;
            case MessageType.UpdateEvent: visitor.Visit(Decode<UpdateEvent>(payload, pool)); break;
            case MessageType.MessageEvent: visitor.Visit(Decode<MessageEvent>(payload, pool)); break;
            case MessageType.FailureEvent: visitor.Visit(Decode<FailureEvent>(payload, pool)); break;
            case MessageType.ErrorEvent: visitor.Visit(Decode<ErrorEvent>(payload, pool)); break;
            case MessageType.HeartbeatEvent: visitor.Visit(Decode<HeartbeatEvent>(payload, pool)); break;
            default: ThrowUnknownType(type); break;
        }
    }

    /// <summary>Decodes a payload known to hold a <typeparamref name="T"/>; throws <see cref="MessageDecodeException"/> when it does not.</summary>
    public static T Decode<T>(in ReadOnlySequence<byte> payload, StringPool? strings = null)
    {
        IMessageFormatter<T> formatter = MessageCodec<T>.Formatter ?? ThrowNotAMessage<T>();
        var reader = new MessagePackReader(payload);
        try
        {
            T message = formatter.Read(ref reader, strings ?? StringPool.Shared);
            if (!reader.End)
                Wire.ThrowInvalid("bytes follow the end of the message");
            return message;
        }
        catch (Exception e) when (Wire.IsDecodeFailure(e))
        {
            throw Wire.Wrap(e).For(MessageCodec<T>.Type, reader.Consumed);
        }
    }

    // The hot messages: a contiguous canonical payload skips the MessagePackReader (HotMessageReader);
    // anything else, including every malformed payload, takes the full formatter and its errors.
    private static Ping DecodePing(in ReadOnlySequence<byte> payload, StringPool pool) =>
        payload.IsSingleSegment && HotMessageReader.TryReadPing(payload.FirstSpan, out Ping ping) ? ping : Decode<Ping>(payload, pool);

    private static Pong DecodePong(in ReadOnlySequence<byte> payload, StringPool pool) =>
        payload.IsSingleSegment && HotMessageReader.TryReadPong(payload.FirstSpan, out Pong pong) ? pong : Decode<Pong>(payload, pool);

    /// <summary>Decodes offers into a lease, lends its event to the visitor and takes the storage back, whatever happens.</summary>
    private static void DecodeOffers<TVisitor>(in ReadOnlySequence<byte> payload, TVisitor visitor, StringPool strings, ArrayPool<Offer> arrays)
        where TVisitor : IMessageVisitor
    {
        OfferLease lease = OfferLease.Take(arrays);
        try
        {
            var reader = new MessagePackReader(payload);
            try
            {
                lease.Fill(ref reader, strings);
                if (!reader.End)
                    Wire.ThrowInvalid("bytes follow the end of the message");
            }
            catch (Exception e) when (Wire.IsDecodeFailure(e))
            {
                throw Wire.Wrap(e).For(MessageType.OffersEvent, reader.Consumed);
            }
            visitor.Visit(lease.Event);
        }
        finally
        {
            lease.Release();
        }
    }

    /// <summary>Like <see cref="Decode{T}(in ReadOnlySequence{byte}, StringPool)"/>, but reports failure through <paramref name="error"/> instead of throwing.</summary>
    public static bool TryDecode<T>(in ReadOnlySequence<byte> payload, [MaybeNullWhen(false)] out T message,
        [NotNullWhen(false)] out MessageDecodeException? error, StringPool? strings = null)
    {
        try
        {
            message = Decode<T>(payload, strings);
            error = null;
            return true;
        }
        catch (MessageDecodeException e)
        {
            message = default;
            error = e;
            return false;
        }
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IMessageFormatter<T> ThrowNotAMessage<T>() =>
        throw new InvalidOperationException($"{typeof(T).Name} is not a FastMesos message type.");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowUnknownType(ushort type) =>
        throw new MessageDecodeException($"{type} is not a known message type");
}
