"""URLs of the staff pages."""

from django.urls import path
from django.views.generic import RedirectView

from .views import booking, clients, intakes, review, selfservice

app_name = "intake"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="intake:client_list"), name="home"),
    path("clients/", clients.ClientListView.as_view(), name="client_list"),
    path("clients/new/", clients.ClientCreateView.as_view(), name="client_create"),
    path("clients/<id:pk>/", clients.ClientDetailView.as_view(), name="client_detail"),
    path("clients/<id:pk>/edit/", clients.ClientUpdateView.as_view(), name="client_update"),
    path("clients/<id:pk>/intake/new/", intakes.IntakeCreateView.as_view(), name="intake_create"),
    path(
        "clients/<id:client_pk>/intake/v<id:version>/",
        intakes.IntakeDetailView.as_view(),
        name="intake_detail",
    ),
    path(
        "clients/<id:pk>/intake-link/", selfservice.IntakeLinkCreateView.as_view(), name="intake_link_create"
    ),
    path(
        "clients/<id:pk>/intake/v<id:version>/check/",
        selfservice.IntakeCheckView.as_view(),
        name="intake_check",
    ),
    path("clients/<id:pk>/print/", selfservice.ClientPrintView.as_view(), name="client_print"),
    path("clients/<id:pk>/book/", booking.BookView.as_view(), name="book"),
    path("appointments/<id:pk>/", booking.AppointmentDetailView.as_view(), name="appointment_detail"),
    path(
        "appointments/<id:pk>/findings/<id:finding>/acknowledge/",
        booking.AcknowledgeView.as_view(),
        name="appointment_acknowledge",
    ),
    path(
        "appointments/<id:pk>/intensity/", booking.SetIntensityView.as_view(), name="appointment_intensity"
    ),
    path("appointments/<id:pk>/move/", booking.MoveView.as_view(), name="appointment_move"),
    path("appointments/<id:pk>/cancel/", booking.CancelView.as_view(), name="appointment_cancel"),
    path("appointments/<id:pk>/check-in/", booking.CheckInView.as_view(), name="appointment_check_in"),
    path("appointments/<id:pk>/finish/", booking.FinishView.as_view(), name="appointment_finish"),
    path("appointments/<id:pk>/aftercare/", booking.AftercareView.as_view(), name="aftercare"),
    path("schedule/", booking.ScheduleView.as_view(), name="schedule"),
    path("notices/", booking.NoticeListView.as_view(), name="notices"),
    path("review/", review.ReviewQueueView.as_view(), name="review_queue"),
    path("review/flags/<id:pk>/<slug:action>/", review.FlagReviewView.as_view(), name="review_flag"),
    path(
        "review/appointments/<id:pk>/<slug:action>/",
        review.AppointmentReviewView.as_view(),
        name="review_appointment",
    ),
    path("clients/<id:pk>/timeline/", review.TimelineView.as_view(), name="client_timeline"),
    path("clients/<id:pk>/clearances/new/", review.ClearanceCreateView.as_view(), name="clearance_create"),
    path("clients/<id:pk>/intake-requests/", review.IntakeRequestView.as_view(), name="intake_request"),
    path("clearances/<id:pk>/letter/", review.ClearanceLetterView.as_view(), name="clearance_letter"),
    path("dashboard/", review.DashboardView.as_view(), name="dashboard"),
]
