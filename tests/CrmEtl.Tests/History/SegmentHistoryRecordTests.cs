using CrmEtl.Core.History;
using Dapper;
using DuckDB.NET.Data;

namespace CrmEtl.Tests.History;

/// <summary>What one recording does to the open rows: keep the unchanged, close the moved and the gone, open the new.</summary>
public sealed class SegmentHistoryRecordTests : IDisposable
{
    private readonly DuckDBConnection connection = new("Data Source=:memory:");

    public SegmentHistoryRecordTests()
    {
        connection.Open();
        connection.Execute("""
            CREATE TABLE customer_tiers (customer_id VARCHAR, tier VARCHAR);
            CREATE TABLE customer_rfm (customer_id VARCHAR, segment VARCHAR);
            INSERT INTO customer_tiers VALUES ('stays', 'Tier 1'), ('moves', 'Tier 1'), ('goes', 'Tier 2'), ('unsegmented', NULL);
            INSERT INTO customer_rfm VALUES ('stays', 'champions'), ('stays', 'champions');
            """);
    }

    public void Dispose() => connection.Dispose();

    [Fact]
    public void A_second_recording_closes_the_moved_and_the_gone_and_opens_the_moved_and_the_new()
    {
        var history = new SegmentHistory(connection);
        Assert.Equal(4, history.Record(1)); // three tiers and one RFM segment (its duplicate row counted once)

        connection.Execute("""
            UPDATE customer_tiers SET tier = 'Tier 2' WHERE customer_id = 'moves';
            DELETE FROM customer_tiers WHERE customer_id = 'goes';
            INSERT INTO customer_tiers VALUES ('new', 'Tier 1');
            """);
        Assert.Equal(4, history.Record(2)); // closed: moves, goes; opened: moves, new
        Assert.Equal(0, history.Record(3));

        Assert.Equal(
            [
                ("rfm", "stays", "champions", 1, (int?)null),
                ("tier", "goes", "Tier 2", 1, 2),
                ("tier", "moves", "Tier 1", 1, 2),
                ("tier", "moves", "Tier 2", 2, null),
                ("tier", "new", "Tier 1", 2, null),
                ("tier", "stays", "Tier 1", 1, null),
            ],
            connection.Query<(string, string, string, int, int?)>(
                "SELECT segmentation, customer_id, segment, valid_from_run, valid_to_run FROM segment_history ORDER BY ALL"));
    }

    [Fact]
    public void A_segmentation_whose_table_is_gone_has_its_rows_closed()
    {
        var history = new SegmentHistory(connection);
        history.Record(1);

        connection.Execute("DROP TABLE customer_rfm");
        history.Record(2);

        Assert.Equal(2, connection.ExecuteScalar<int>("SELECT valid_to_run FROM segment_history WHERE segmentation = 'rfm'"));
        Assert.Equal(3, connection.ExecuteScalar<long>("SELECT count(*) FROM segment_history WHERE segmentation = 'tier' AND valid_to_run IS NULL"));
    }
}
