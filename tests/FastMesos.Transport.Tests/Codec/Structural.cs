using System.Collections;
using System.Reflection;
using FastMesos.Messages;

namespace FastMesos.Transport.Tests.Codec;

/// <summary>
/// Deep equality by public properties. Contract records hold lists by interface, so their generated
/// Equals compares list references; a round trip has to compare what the lists contain.
/// </summary>
internal static class Structural
{
    public static void AssertEqual(object? expected, object? actual)
    {
        string? difference = Diff(expected, actual, "$", 0);
        if (difference is not null)
            Assert.Fail(difference);
    }

    private static string? Diff(object? expected, object? actual, string path, int depth)
    {
        if (depth > 40)
            return $"{path}: nested too deep to compare";
        if (expected is null || actual is null)
            return expected is null && actual is null ? null : $"{path}: expected {Show(expected)}, got {Show(actual)}";
        Type type = expected.GetType();
        if (expected is ReadOnlyMemory<byte> bytes)
        {
            return actual is ReadOnlyMemory<byte> other && bytes.Span.SequenceEqual(other.Span)
                ? null
                : $"{path}: bytes differ";
        }
        // Resources compare as bags (their own Equals); lists by element; BCL values by Equals.
        if (expected is string || expected is Resources || expected is Resource || type.IsPrimitive || type.IsEnum
            || (type.Namespace == "System" && expected is not IEnumerable))
            return Equals(expected, actual) ? null : $"{path}: expected {Show(expected)}, got {Show(actual)}";
        if (expected is IEnumerable expectedItems)
        {
            if (actual is not IEnumerable actualItems)
                return $"{path}: expected a list, got {Show(actual)}";
            var e = expectedItems.Cast<object?>().ToList();
            var a = actualItems.Cast<object?>().ToList();
            if (e.Count != a.Count)
                return $"{path}: expected {e.Count} items, got {a.Count}";
            for (int i = 0; i < e.Count; i++)
            {
                if (Diff(e[i], a[i], $"{path}[{i}]", depth + 1) is { } d)
                    return d;
            }
            return null;
        }
        if (actual.GetType() != type)
            return $"{path}: expected a {type.Name}, got a {actual.GetType().Name}";
        foreach (PropertyInfo p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (p.GetIndexParameters().Length > 0)
                continue;
            if (Diff(p.GetValue(expected), p.GetValue(actual), path + "." + p.Name, depth + 1) is { } d)
                return d;
        }
        return null;
    }

    private static string Show(object? value) => value switch
    {
        null => "null",
        string s => "\"" + s + "\"",
        _ => value.ToString() ?? value.GetType().Name,
    };
}
