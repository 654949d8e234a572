package checks

// The IP_STATUS codes of the Windows ICMP API (ipexport.h): IcmpSendEcho2
// puts one in each reply, or leaves it as the last error when no reply came.
const (
	ipSuccess               = 0
	ipBufTooSmall           = 11001
	ipDestNetUnreachable    = 11002
	ipDestHostUnreachable   = 11003
	ipDestProtUnreachable   = 11004
	ipDestPortUnreachable   = 11005
	ipNoResources           = 11006
	ipHwError               = 11008
	ipPacketTooBig          = 11009
	ipReqTimedOut           = 11010
	ipBadReq                = 11011
	ipBadRoute              = 11012
	ipTTLExpiredTransit     = 11013
	ipTTLExpiredReassem     = 11014
	ipParamProblem          = 11015
	ipSourceQuench          = 11016
	ipBadDestination        = 11018
	ipGeneralFailure        = 11050
	errorNetworkUnreachable = 1231 // ERROR_NETWORK_UNREACHABLE, when no route leads there
	errorHostUnreachable    = 1232 // ERROR_HOST_UNREACHABLE
)

// icmpStatusKind names an IP_STATUS as an error kind of checks.md; empty
// for success. Statuses that say the request itself went wrong are
// "other", so the message quotes them rather than guessing.
func icmpStatusKind(status uint32) ErrorKind {
	switch status {
	case ipSuccess:
		return ""
	case ipReqTimedOut:
		return ErrorKindTimeout
	case ipDestNetUnreachable, ipBadRoute, errorNetworkUnreachable:
		return ErrorKindNoRoute
	case ipDestHostUnreachable, ipDestProtUnreachable, ipDestPortUnreachable, ipTTLExpiredTransit,
		ipTTLExpiredReassem, ipBadDestination, errorHostUnreachable:
		return ErrorKindUnreachable
	}
	return ErrorKindOther
}

// icmpStatusText says an IP_STATUS in words, for the message of a ping
// that failed for a reason the error kinds have no words for.
func icmpStatusText(status uint32) string {
	switch status {
	case ipBufTooSmall:
		return "the reply buffer was too small (IP_BUF_TOO_SMALL)"
	case ipNoResources:
		return "Windows ran out of resources for the request (IP_NO_RESOURCES)"
	case ipHwError:
		return "the network adapter reported a hardware error (IP_HW_ERROR)"
	case ipPacketTooBig:
		return "the packet is too big for the path (IP_PACKET_TOO_BIG)"
	case ipBadReq:
		return "Windows refused the request (IP_BAD_REQ)"
	case ipParamProblem:
		return "a router reported a parameter problem (IP_PARAM_PROBLEM)"
	case ipSourceQuench:
		return "a router asked to slow down (IP_SOURCE_QUENCH)"
	case ipGeneralFailure:
		return "the ICMP request failed (IP_GENERAL_FAILURE)"
	}
	return ""
}
