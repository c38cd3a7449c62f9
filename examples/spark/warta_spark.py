"""Run warta under Apache Spark (local mode) over a folder of articles.

Each article becomes a JSON Lines record {"id", "text"}; Spark pipes every
partition through `warta --input jsonl --jsonl` (RDD.pipe), which answers one
line per record. The results are written sorted by id.

    python warta_spark.py --warta target/release/warta --input DIR --output out.jsonl

On a cluster, ship the binary with `--files` (or install it on every node)
and read from HDFS/S3 instead of a local folder; nothing else changes.
"""

import argparse
import json
import os

from pyspark import SparkConf, SparkContext


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--warta", required=True, help="path to the warta binary")
    parser.add_argument("--input", required=True, help="folder of *.txt articles")
    parser.add_argument("--output", required=True, help="JSON Lines file to write")
    parser.add_argument("--partitions", type=int, default=8)
    parser.add_argument("--master", default="local[2]")
    args = parser.parse_args()

    folder = os.path.abspath(args.input)
    warta = os.path.abspath(args.warta)
    conf = SparkConf().setMaster(args.master).setAppName("warta")
    sc = SparkContext(conf=conf)
    sc.setLogLevel("ERROR")

    def record(item):
        path, text = item
        path = path.split(":", 1)[1] if path.startswith("file:") else path
        rel = os.path.relpath(path, folder)
        return json.dumps({"id": rel, "text": text}, ensure_ascii=False)

    articles = sc.wholeTextFiles(folder + "/*.txt", minPartitions=args.partitions)
    results = articles.map(record).pipe(f"{warta} --input jsonl --jsonl")
    lines = results.collect()
    sc.stop()

    lines.sort(key=lambda line: json.loads(line)["source"])
    with open(args.output, "w", encoding="utf-8") as out:
        for line in lines:
            out.write(line + "\n")
    print(f"warta_spark: {len(lines)} records from {articles.getNumPartitions()} partitions -> {args.output}")


if __name__ == "__main__":
    main()
