#!/bin/sh
# azd postdeploy hook (azure.yaml): once the Functions app is deployed, its blob extension answers Event Grid's
# webhook handshake, so the Event Grid subscription (BlobCreated in videos/ -> the blob trigger) can be created.
# The first `azd up` provisions without it; this turns the parameter on and provisions once more. Later runs: no-op.
set -eu

if [ "$(azd env get-value ATSYNC_BLOB_EVENTS_ENABLED 2>/dev/null || true)" = "true" ]; then
  echo "enable-blob-events: the Event Grid subscription is already enabled"
  exit 0
fi
echo "enable-blob-events: creating the Event Grid subscription for videos/ (provisioning again)"
azd env set ATSYNC_BLOB_EVENTS_ENABLED true
azd provision --no-prompt
