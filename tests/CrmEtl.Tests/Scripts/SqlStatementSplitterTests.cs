using CrmEtl.Core.Scripts;

namespace CrmEtl.Tests.Scripts;

public sealed class SqlStatementSplitterTests
{
    [Fact]
    public void Splits_at_semicolons_outside_quotes_and_comments()
    {
        var script = """
            -- header comment; not a statement
            CREATE TABLE a AS SELECT 'x;y' AS s, "odd;name" AS n;
            /* block; comment */
            SELECT $$ dollar; quoted $$, 'it''s; fine';

            SELECT 3 -- trailing; comment
            """;

        var statements = SqlStatementSplitter.Split(script);

        Assert.Equal(3, statements.Count);
        Assert.Equal("CREATE TABLE a AS SELECT 'x;y' AS s, \"odd;name\" AS n", statements[0].Text);
        Assert.Equal(2, statements[0].Line);
        Assert.StartsWith("/* block; comment */", statements[1].Text);
        Assert.Equal(3, statements[1].Line);
        Assert.Equal(6, statements[2].Line);
    }

    [Fact]
    public void Comment_only_script_has_no_statements()
    {
        Assert.Empty(SqlStatementSplitter.Split("-- nothing here;\n\n-- still nothing\n"));
    }
}
