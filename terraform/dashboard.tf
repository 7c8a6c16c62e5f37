# The flow on one Cloud Monitoring dashboard: registrations in, each hop's processing time and backlog, dead
# letters, emails out and the SendGrid breaker. Charts per hop come from the topology, like the alerts.

locals {
  dashboard_charts = [
    {
      title  = "Registrations (CandidateRegistered published)"
      filter = "resource.type = \"pubsub_topic\" AND resource.labels.topic_id = \"candidate-registered\" AND metric.type = \"pubsub.googleapis.com/topic/send_message_operation_count\""
      align  = "ALIGN_SUM"
      group  = []
      reduce = "REDUCE_SUM"
    },
    {
      title  = "Processing time per function (p95 request latency)"
      filter = "resource.type = \"cloud_run_revision\" AND metric.type = \"run.googleapis.com/request_latencies\" AND resource.labels.service_name = one_of(${join(", ", [for f in local.functions : "\"${f.resource_name}\""])})"
      align  = "ALIGN_PERCENTILE_95"
      group  = ["resource.labels.service_name"]
      reduce = "REDUCE_MAX"
    },
    {
      title  = "Backlog per subscription (oldest unacked message age)"
      filter = "resource.type = \"pubsub_subscription\" AND metric.type = \"pubsub.googleapis.com/subscription/oldest_unacked_message_age\" AND resource.labels.subscription_id = one_of(${join(", ", [for s in local.subscriptions : "\"${s.name}\""])})"
      align  = "ALIGN_MAX"
      group  = ["resource.labels.subscription_id"]
      reduce = "REDUCE_SUM"
    },
    {
      title  = "Dead letters waiting (per .ops subscription)"
      filter = "resource.type = \"pubsub_subscription\" AND metric.type = \"pubsub.googleapis.com/subscription/num_undelivered_messages\" AND resource.labels.subscription_id = ends_with(\".dead-letter.ops\")"
      align  = "ALIGN_MAX"
      group  = ["resource.labels.subscription_id"]
      reduce = "REDUCE_SUM"
    },
    {
      title  = "5xx per function"
      filter = "resource.type = \"cloud_run_revision\" AND metric.type = \"run.googleapis.com/request_count\" AND metric.labels.response_code_class = \"5xx\""
      align  = "ALIGN_SUM"
      group  = ["resource.labels.service_name"]
      reduce = "REDUCE_SUM"
    },
    {
      title  = "Emails sent (NotificationSent published)"
      filter = "resource.type = \"pubsub_topic\" AND resource.labels.topic_id = \"notification-sent\" AND metric.type = \"pubsub.googleapis.com/topic/send_message_operation_count\""
      align  = "ALIGN_SUM"
      group  = []
      reduce = "REDUCE_SUM"
    },
    {
      title  = "SendGrid breaker opened"
      filter = "resource.type = \"cloud_run_revision\" AND metric.type = \"logging.googleapis.com/user/${google_logging_metric.signal["sendgrid-circuit-open"].name}\""
      align  = "ALIGN_SUM"
      group  = []
      reduce = "REDUCE_SUM"
    },
    {
      title  = "Outbox entries overdue / erasures incomplete"
      filter = "resource.type = \"cloud_run_revision\" AND metric.type = one_of(\"logging.googleapis.com/user/${google_logging_metric.signal["outbox-overdue"].name}\", \"logging.googleapis.com/user/${google_logging_metric.signal["erasure-incomplete"].name}\")"
      align  = "ALIGN_SUM"
      group  = ["metric.type"]
      reduce = "REDUCE_SUM"
    },
  ]
}

resource "google_monitoring_dashboard" "flow" {
  project = var.project_id
  dashboard_json = jsonencode({
    displayName = "jobfeed flow"
    mosaicLayout = {
      columns = 12
      tiles = [for i, chart in local.dashboard_charts : {
        xPos   = (i % 2) * 6
        yPos   = floor(i / 2) * 4
        width  = 6
        height = 4
        widget = {
          title = chart.title
          xyChart = {
            dataSets = [{
              plotType = "LINE"
              timeSeriesQuery = {
                timeSeriesFilter = {
                  filter = chart.filter
                  aggregation = merge(
                    { alignmentPeriod = "60s", perSeriesAligner = chart.align },
                    length(chart.group) > 0 ? { crossSeriesReducer = chart.reduce, groupByFields = chart.group } : {},
                  )
                }
              }
            }]
          }
        }
      }]
    }
  })

  depends_on = [google_project_service.api]
}
