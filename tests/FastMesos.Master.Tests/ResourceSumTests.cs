using System.Buffers;
using System.Text;
using System.Text.Json;
using FastMesos.Master.Http;
using FastMesos.Messages;

namespace FastMesos.Master.Tests;

/// <summary>
/// An agent's <c>used_resources</c> written straight from the accumulator (no sum built) against the
/// document of the built sum, for the shapes tasks have: scalars of one role, several roles and
/// reservations of one name (merged by name, first seen first), one task alone, ranges, none.
/// </summary>
public sealed class ResourceSumTests
{
    public static TheoryData<string> Cases() => new() { "one role", "roles and reservations", "one task", "ranges", "no tasks", "zero amounts" };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Writing_the_accumulator_is_byte_for_byte_the_document_of_its_sum(string name)
    {
        Resources[] tasks = Tasks(name);
        var written = new ResourceSum();
        var built = new ResourceSum();
        foreach (Resources task in tasks)
        {
            written.Add(task);
            built.Add(task);
        }

        string direct = Json(w => MasterJson.WriteSum(w, "used_resources", written));
        string expected = Json(w => FastMesos.Hosting.Json.MesosJson.WriteResources(w, "used_resources", built.Take()));

        Assert.Equal(expected, direct);
        // Emptied: the next agent's sum starts from nothing.
        Assert.Equal("""{"used_resources":{}}""", Json(w => MasterJson.WriteSum(w, "used_resources", written)));
    }

    private static Resources[] Tasks(string name)
    {
        Resources Task(params Resource[] items) => Resources.From(items);
        Resource Cpus(double v, string role = "*") => Resource.CreateScalar("cpus", v, role);
        Resource Mem(double v, string role = "*") => Resource.CreateScalar("mem", v, role);
        return name switch
        {
            "one role" => [Task(Cpus(0.5), Mem(128)), Task(Cpus(0.25), Mem(64)), Task(Cpus(1), Mem(32))],
            "roles and reservations" =>
            [
                Task(Mem(64), Cpus(1)),
                Task(Cpus(2, "web"), Mem(10, "web")),
                Task(Resource.CreateScalar("cpus", Scalar.FromDouble(0.125), "ops", ReservationType.Dynamic, "alice"), Resource.CreateScalar("disk", 5)),
                Task(Cpus(0.25), Resource.CreateScalar("gpus", 1, "web")),
            ],
            "one task" => [Task(Cpus(1.5), Mem(256), Resource.CreateScalar("disk", 10))],
            "ranges" =>
            [
                Task(Cpus(1), Mem(64)),
                Task(Cpus(0.5), Resource.CreateRanges("ports", [new ValueRange(31000, 31001)])),
                Task(Resource.CreateRanges("ports", [new ValueRange(31002, 31002), new ValueRange(31010, 31012)])),
            ],
            "no tasks" => [],
            "zero amounts" => [Task(Cpus(1)), Task(Cpus(0)), Task(Mem(0)), Task(Mem(5))],
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
    }

    private static string Json(Action<Utf8JsonWriter> write)
    {
        var output = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(output))
        {
            w.WriteStartObject();
            write(w);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(output.WrittenSpan);
    }
}
