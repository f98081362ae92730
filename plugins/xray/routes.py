"""/api/xray-analyses: upload, list, read, delete, heatmap."""

from __future__ import annotations

from core.api import (
    Blueprint,
    ErrorSchema,
    PageArgs,
    current_user,
    get_owned_or_404,
    owned,
    page_of,
    paginate,
    stored_file_response,
)
from plugins.xray import services
from plugins.xray.models import XrayAnalysis
from plugins.xray.schemas import AnalysisSchema, UploadSchema

blp = Blueprint("xray", __name__, title="X-ray analyses", url_prefix=services.API_PREFIX,
                description="Chest X-ray analysis: upload, job state, findings, heatmap.")


@blp.route("/", methods=["POST"])
@blp.auth_required
@blp.arguments(UploadSchema, location="files")
@blp.response(202, AnalysisSchema)
@blp.alt_response(413, schema=ErrorSchema, description="The file is too large.")
@blp.alt_response(415, schema=ErrorSchema, description="Not a PNG, JPEG or DICOM file.")
@blp.alt_response(422, schema=ErrorSchema, description="Corrupt, truncated, too large or not a chest radiograph.")
@blp.alt_response(429, schema=ErrorSchema, description="Upload limit reached.")
@blp.alt_response(503, schema=ErrorSchema, description="No model weights installed, or the queue or the file store "
                                                       "is down (nothing is kept).")
def upload(files):
    """Upload a chest radiograph; the analysis runs as a job (poll the analysis until done or failed)."""
    analysis = services.create_analysis(current_user.id, files["file"].stream)
    return services.present(analysis), 202, {"Location": f"{services.API_PREFIX}/{analysis.id}/"}


@blp.route("/", methods=["GET"])
@blp.auth_required
@blp.arguments(PageArgs, location="query")
@blp.response(200, page_of(AnalysisSchema))
def list_analyses(args):
    """Your analyses, newest first."""
    page = paginate(owned(XrayAnalysis).order_by(XrayAnalysis.created_at.desc()), args)
    page["items"] = [services.present(analysis) for analysis in page["items"]]
    return page


@blp.route("/<uuid:analysis_id>/", methods=["GET"])
@blp.auth_required
@blp.response(200, AnalysisSchema)
@blp.alt_response(404, schema=ErrorSchema, description="No such analysis of yours.")
def get_analysis(analysis_id):
    """One analysis: its state and, when done, its results."""
    return services.present(get_owned_or_404(XrayAnalysis, analysis_id, "X-ray analysis"))


@blp.route("/<uuid:analysis_id>/", methods=["DELETE"])
@blp.auth_required
@blp.response(204)
@blp.alt_response(404, schema=ErrorSchema, description="No such analysis of yours.")
@blp.alt_response(503, schema=ErrorSchema, description="The file store is down; nothing was deleted.")
def delete_analysis(analysis_id):
    """Delete an analysis with its stored image and heatmap."""
    services.delete_analysis(get_owned_or_404(XrayAnalysis, analysis_id, "X-ray analysis"))


@blp.route("/<uuid:analysis_id>/heatmap", methods=["GET"])
@blp.auth_required
@blp.response(200, {"type": "string", "format": "binary"}, content_type="image/png",
              description="Grad-CAM overlay (PNG) for the top finding.")
@blp.alt_response(404, schema=ErrorSchema, description="No such analysis of yours.")
@blp.alt_response(409, schema=ErrorSchema, description="The analysis is not done.")
@blp.alt_response(503, schema=ErrorSchema, description="The file store is down.")
def heatmap(analysis_id):
    """The Grad-CAM heatmap over the radiograph, for the class named by heatmap_label."""
    key = services.heatmap_key(get_owned_or_404(XrayAnalysis, analysis_id, "X-ray analysis"))
    return stored_file_response(key, "image/png")
