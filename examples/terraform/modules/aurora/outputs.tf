output "cluster_arn" {
  value = aws_rds_cluster.this.arn
  # The integration waits for the writer instance: a cluster without one cannot replicate.
  depends_on = [aws_rds_cluster_instance.writer]
}
