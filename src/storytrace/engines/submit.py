"""Entry point for ``spark-submit`` (absolute imports: spark-submit runs this file as a script).

    spark-submit --master URL "$(python -c 'import storytrace.engines.submit as m; print(m.__file__)')" \\
        analyze SOURCE... --engine spark --db run.db --out hdfs:///storytrace/run1

Every argument after the file is a ``storytrace`` command line.
"""

from storytrace.cli import main

if __name__ == "__main__":
    main()
